// territoires' public pages: what every page shares. `territoires.query` asks the public
// GraphQL API over HTTP; `territoires.follow` subscribes to recorded values over its
// WebSocket (graphql-ws, vendored) and, when the connection drops, reconnects and resumes from
// the last event's cursor; `territoires.h` builds elements (never HTML from strings, so that no
// text from the API is ever read as markup).
"use strict";

window.territoires = (() => {
  // The API is on the page's own origin; behind a TLS proxy the WebSocket must be wss:.
  const endpoint = new URL("/graphql", window.location.href);
  const socketUrl = new URL(endpoint);
  socketUrl.protocol = endpoint.protocol === "https:" ? "wss:" : "ws:";

  /** Runs a query; resolves to its data, rejects with the errors' messages. */
  async function query(document, variables = {}) {
    const response = await fetch(endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/graphql-response+json, application/json",
      },
      body: JSON.stringify({ query: document, variables }),
    });
    const body = await response.json();
    if (body.errors && body.errors.length > 0) {
      throw new Error(body.errors.map((error) => error.message).join(" ; "));
    }
    return body.data;
  }

  // Only what a page needs to decide whether an event concerns it, and where to resume.
  const VALUES_RECORDED = `subscription PageValues($after: String) {
  indicatorValueRecorded(after: $after) {
    cursor
    value { indicator { id } region { number } }
  }
}`;

  /**
   * Follows recorded values. `onEvent(event)` gets each; `onStart(resumed)` is called once the
   * server has fixed where the subscription starts (the `pong` to a `ping` sent after
   * `subscribe`, see the README): with `resumed` false nothing recorded before was replayed,
   * so the page must read its data again; `onState("live" | "lost")` says whether it follows.
   */
  function follow({ onEvent, onStart, onState }) {
    let cursor = null;
    let awaitingStart = false;
    let resumed = false;
    let failures = 0;
    const client = graphqlWs.createClient({
      url: socketUrl.href,
      // Reconnecting is done below, so that each attempt resumes from the newest cursor.
      retryAttempts: 0,
      on: {
        connected: (socket) => {
          // After the `subscribe` message, which the client sends as soon as it is connected.
          setTimeout(() => {
            if (socket.readyState === WebSocket.OPEN) socket.send('{"type":"ping"}');
          });
        },
        pong: (received) => {
          if (!received || !awaitingStart) return;
          awaitingStart = false;
          failures = 0;
          onState("live");
          onStart(resumed);
        },
      },
    });

    function subscribe() {
      awaitingStart = true;
      resumed = cursor !== null;
      client.subscribe(
        { query: VALUES_RECORDED, variables: { after: cursor } },
        {
          next: ({ data }) => {
            if (!data) return;
            cursor = data.indicatorValueRecorded.cursor;
            onEvent(data.indicatorValueRecorded);
          },
          error: (error) => {
            // GraphQL errors (an array) refuse the request itself, say a cursor the server no
            // longer knows: start afresh rather than repeat it.
            if (Array.isArray(error)) cursor = null;
            reconnect();
          },
          complete: reconnect,
        },
      );
    }

    function reconnect() {
      awaitingStart = false;
      onState("lost");
      const delay = Math.min(10000, 250 * 2 ** failures);
      failures += 1;
      setTimeout(subscribe, delay);
    }

    subscribe();
  }

  /**
   * Calls `load` now and whenever `refresh()` is called again, never twice at once: a
   * refresh asked for while one runs runs once more after it, so a burst of events costs two
   * queries, and the last one reads everything recorded.
   */
  function refresher(load) {
    let running = null;
    let again = false;
    async function refresh() {
      if (running) {
        again = true;
        return running;
      }
      running = (async () => {
        do {
          again = false;
          await load();
        } while (again);
      })().finally(() => {
        running = null;
      });
      return running;
    }
    return refresh;
  }

  /** An element: `h("a", { href: "/" }, "Accueil")`. Children may be strings, null, arrays. */
  function h(tag, attributes = {}, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (value === null || value === undefined || value === false) continue;
      element.setAttribute(name, value === true ? "" : String(value));
    }
    element.append(...children.flat(Infinity).filter((child) => child !== null && child !== undefined));
    return element;
  }

  /** Shows `error` in place of the page's content. */
  function fail(main, error) {
    main.replaceChildren(
      h("h1", {}, "Erreur"),
      h("p", { role: "alert" }, `Les données n'ont pas pu être lues : ${error.message}`),
    );
  }

  return { query, follow, refresher, h, fail };
})();
