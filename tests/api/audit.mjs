// Runs the graphql-http audit suite (GraphQL over HTTP) against the URL given as argument and
// prints, as one JSON line, the counts by level (MUST, SHOULD, MAY) and status, and every
// audit that did not pass.
import { serverAudits } from 'graphql-http';

const url = process.argv[2];
const counts = {};
const failures = [];
for (const audit of serverAudits({ url, fetchFn: fetch })) {
  const result = await audit.fn();
  const level = audit.name.split(' ')[0];
  counts[level] ??= { ok: 0, warn: 0, error: 0, notice: 0 };
  counts[level][result.status] = (counts[level][result.status] ?? 0) + 1;
  if (result.status !== 'ok') failures.push(`${result.status} ${audit.name}: ${result.reason}`);
}
console.log(JSON.stringify({ counts, failures }));
