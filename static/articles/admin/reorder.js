/* Up/down controls for ordered inlines (paragraphs, gallery).
 *
 * Rows are moved in the page; before the form is sent, each row's hidden
 * position is set to its place, so the server renumbers in that order. */
"use strict";
(function () {
    function rows(group) {
        return Array.from(group.querySelectorAll(".inline-related:not(.empty-form), tr.form-row:not(.empty-form)"))
            .filter(function (row) { return row.querySelector("input.ordered-position"); });
    }

    function renumber(group) {
        rows(group).forEach(function (row, index) {
            row.querySelector("input.ordered-position").value = index + 1;
        });
    }

    function move(row, direction) {
        const group = row.closest(".ordered-inline");
        const all = rows(group);
        const index = all.indexOf(row);
        const other = all[index + direction];
        if (!other) {
            return;
        }
        if (direction < 0) {
            other.parentNode.insertBefore(row, other);
        } else {
            other.parentNode.insertBefore(other, row);
        }
        renumber(group);
        row.querySelector(direction < 0 ? ".order-up" : ".order-down").focus();
    }

    function button(label, className, direction, row) {
        const element = document.createElement("button");
        element.type = "button";
        element.className = className;
        element.textContent = direction < 0 ? "▲" : "▼";
        element.setAttribute("aria-label", label);
        element.title = label;
        element.addEventListener("click", function () { move(row, direction); });
        return element;
    }

    function addControls(row) {
        if (row.querySelector(".order-controls")) {
            return;
        }
        const labels = (document.getElementById("ordered-inline-labels") || {}).dataset || {};
        const controls = document.createElement("span");
        controls.className = "order-controls";
        controls.appendChild(button(labels.up || "Move up", "order-up", -1, row));
        controls.appendChild(button(labels.down || "Move down", "order-down", 1, row));
        const place = row.querySelector("h3") || row.querySelector("td.original") || row.querySelector("td");
        place.appendChild(controls);
    }

    /* A page shown again after an error lists rows in the order they were
     * sent, not the order chosen: put them back in their numbered order. */
    function sortByPosition(group) {
        const all = rows(group);
        if (all.length < 2) {
            return;
        }
        const place = function (row) {
            const value = parseInt(row.querySelector("input.ordered-position").value, 10);
            return Number.isNaN(value) ? Infinity : value;
        };
        const sorted = all.slice().sort(function (a, b) { return place(a) - place(b); });
        const anchor = all[all.length - 1].nextSibling;
        const parent = all[0].parentNode;
        sorted.forEach(function (row) { parent.insertBefore(row, anchor); });
    }

    function setUp() {
        document.querySelectorAll(".ordered-inline").forEach(function (group) {
            sortByPosition(group);
            rows(group).forEach(addControls);
            const form = group.closest("form");
            if (form && !form.dataset.orderedInlines) {
                form.dataset.orderedInlines = "1";
                form.addEventListener("submit", function () {
                    document.querySelectorAll(".ordered-inline").forEach(renumber);
                });
            }
        });
    }

    document.addEventListener("formset:added", function (event) {
        const row = event.target;
        if (row.closest && row.closest(".ordered-inline") && row.querySelector("input.ordered-position")) {
            addControls(row);
            renumber(row.closest(".ordered-inline"));
        }
    });
    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", setUp);
    } else {
        setUp();
    }
})();
