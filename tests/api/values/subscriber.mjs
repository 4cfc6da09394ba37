// An integrator's subscriber, written with the graphql-ws client: subscribes to every
// recorded value over graphql-transport-ws and prints each event's data as one JSON line,
// until it is killed. An error, or the server completing the subscription, ends it non-zero.
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const url = process.argv[2];
const query = `subscription {
  indicatorValueRecorded { cursor value { value revision asOf indicator { id } } }
}`;

const client = createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0 });
client.subscribe(
  { query },
  {
    next: (result) => {
      if (result.errors) {
        console.error(JSON.stringify(result.errors));
        process.exit(2);
      }
      console.log(JSON.stringify(result.data.indicatorValueRecorded));
    },
    error: (error) => {
      console.error(String(error?.message ?? error));
      process.exit(3);
    },
    complete: () => process.exit(4),
  },
);
