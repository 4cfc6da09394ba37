// territoires' home page: the plan's title, organization and period, its four themes, its 18
// regions (links to their pages) and its indicators (links to theirs), in one query.
"use strict";

(() => {
  const { query, h, fail } = window.territoires;

  const HOME_PAGE = `query HomePage {
  plan { title organization startYear endYear }
  themes { key name priorities { id } actions { number } }
  regions { number slug name priorities { number } }
  actions { number title indicator { name target { label } } }
}`;

  /** "1 priorité", "2 priorités". */
  function count(number, word) {
    return `${number} ${word}${number > 1 ? "s" : ""}`;
  }

  function render({ plan, themes, regions, actions }) {
    document.title = `${plan.title} · territoires`;
    return [
      h("h1", {}, plan.title),
      h("p", { class: "lede" }, `${plan.organization} · ${plan.startYear}-${plan.endYear}`),
      h("section", { "aria-labelledby": "enjeux" },
        h("h2", { id: "enjeux" }, "Les quatre enjeux"),
        h("ul", { class: "themes" }, themes.map((theme) => h("li", {},
          h("strong", {}, theme.name),
          ` : ${count(theme.priorities.length, "priorité")} des régions ; `,
          `${theme.actions.length > 1 ? "actions" : "action"} `,
          theme.actions.map((action) => action.number).join(", "))))),
      h("section", { "aria-labelledby": "regions" },
        h("h2", { id: "regions" }, `Les ${regions.length} régions`),
        h("ol", { class: "regions" }, regions.map((region) => h("li", { value: region.number },
          h("a", { href: `/regions/${region.slug}` }, region.name),
          ` (${count(region.priorities.length, "priorité")})`)))),
      h("section", { "aria-labelledby": "indicateurs" },
        h("h2", { id: "indicateurs" }, "Les actions et leurs indicateurs"),
        h("ol", { class: "actions" }, actions.map((action) => h("li", { value: action.number },
          `${action.title} : `,
          h("a", { href: `/indicators/${action.number}` }, action.indicator.name),
          ` (cible : ${action.indicator.target.label})`)))),
      h("p", {}, "Toutes ces données, et les valeurs des indicateurs, se lisent aussi par l'",
        h("a", { href: "/graphiql" }, "API GraphQL (GraphiQL)"), "."),
    ];
  }

  const main = document.getElementById("contenu");
  query(HOME_PAGE)
    .then((data) => main.replaceChildren(...render(data)))
    .catch((error) => fail(main, error));
})();
