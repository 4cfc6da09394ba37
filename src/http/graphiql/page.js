// territoires' GraphiQL page: the fetcher (HTTP for queries and mutations, graphql-ws for
// subscriptions) and the tabs an analyst starts with. Served from /graphiql/ like the
// vendored bundles, so that the page needs no inline script.
"use strict";

// The API lives beside the page, on the same origin: behind a proxy that terminates TLS, the
// page is https: and its WebSocket must be wss:, so both come from the page's own location.
const httpUrl = new URL("/graphql", window.location.href);
const webSocketUrl = new URL(httpUrl);
webSocketUrl.protocol = httpUrl.protocol === "https:" ? "wss:" : "ws:";

// GraphiQL's bundle carries graphql-ws. Each subscription opens its own client, whose
// `connection_init` payload is the Headers tab: {"Authorization": "Bearer terr_…"} there
// reaches the server as the WebSocket's credentials.
const fetcher = GraphiQL.createFetcher({
  url: httpUrl.href,
  subscriptionUrl: webSocketUrl.href,
});

const regionsQuery = `# territoires: Investissement Québec's 2018-2020 action plan for the
# occupation and vitality of territories. Open the documentation explorer
# (book icon, top left) to read every type and field.
{
  regions {
    number
    name
    adminRegionCode
    priorities { number title themes { key name } }
    actions {
      number
      title
      indicator { name unit target { value comparator dueOn recurrence label } }
    }
  }
}
`;

const subscriptionExample = `# Live indicator values: run this, then record a value (a mutation over
# HTTP with a token of role editor, see the README): each one appears here.
# A token, when one is needed, goes in the Headers tab below:
#   {"Authorization": "Bearer terr_…"}
subscription LiveValues {
  indicatorValueRecorded {
    cursor
    value {
      value
      asOf
      revision
      region { number name }
      indicator { name unit }
    }
    progress { status ratio }
  }
}
`;

ReactDOM.createRoot(document.getElementById("graphiql")).render(
  React.createElement(GraphiQL, {
    fetcher,
    defaultTabs: [{ query: regionsQuery }, { query: subscriptionExample }],
    defaultEditorToolsVisibility: true,
  }),
);
