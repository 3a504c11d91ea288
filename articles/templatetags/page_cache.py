"""``{% kept "name" %}…{% endkept %}``: see articles.page_cache.fragments."""

from django import template

from articles.page_cache import fragments

register = template.Library()


class KeptNode(template.Node):
    def __init__(self, nodelist, parts):
        self.nodelist = nodelist
        self.parts = parts

    def render(self, context):
        names = context.get("page_dependencies")
        request = context.get("request")
        if not names or request is None or context.get("embargo_link"):
            return self.nodelist.render(context)
        parts = [part.resolve(context) for part in self.parts]
        return fragments.kept(
            request, names, parts, lambda: self.nodelist.render(context)
        )


@register.tag("kept")
def do_kept(parser, token):
    parts = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(nodelist, parts)
