"""``{% kept "name" %}…{% endkept %}``: see articles.page_cache.fragments."""

from django import template

register = template.Library()


class KeptNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        fragments = context.get("kept_fragments")
        if fragments is None or context.get("embargo_link") or context.get("preview"):
            return self.nodelist.render(context)
        html = fragments.get(self.name)
        if html is None:
            html = self.nodelist.render(context)
            fragments.keep(self.name, str(html))
        return html


@register.tag("kept")
def do_kept(parser, token):
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'":
        raise template.TemplateSyntaxError('Use {% kept "name" %}…{% endkept %}.')
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(nodelist, bits[1][1:-1])
