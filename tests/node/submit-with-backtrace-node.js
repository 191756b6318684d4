// Sends one real error through the official Backtrace Node.js client (@backtrace/node) to a Backtrace
// server, the way an application would, and prints the client's submission result as one JSON line.
// Usage: node submit-with-backtrace-node.js <server url> <token> <marker> [file to attach]
// The marker goes into the error message and an attribute, so the test can find the report again. A file to
// attach is sent beside the report, as an application attaches its log file.
'use strict';
const { BacktraceClient, BacktraceFileAttachment } = require('@backtrace/node');

async function main() {
  const [url, token, marker, attach] = process.argv.slice(2);
  if (!url || !token || !marker) {
    throw new Error('usage: node submit-with-backtrace-node.js <server url> <token> <marker> [file to attach]');
  }

  const client = BacktraceClient.initialize({
    url,
    token,
    userAttributes: { application: 'node-e2e', 'application.version': '1.0.0', marker },
    // Metrics would go to Backtrace's hosted event service, which a test must never contact.
    metrics: { enable: false },
  });

  function parseInvoice(invoice) {
    return invoice.total.amount; // throws TypeError: invoice.total is undefined
  }

  let result;
  try {
    parseInvoice({ id: marker });
  } catch (error) {
    error.message = `${error.message} (${marker})`;
    result = await client.send(error, {}, attach ? [new BacktraceFileAttachment(attach)] : []);
  }

  client.dispose();
  console.log(JSON.stringify({ status: result.status, message: result.message, result: result.result }));
  return result.status === 'Ok' ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);
