// static/embed.js against a frame played by the test, in Node: the handshake race a slow frame
// causes. embed.js repeats its handshake every 250 ms until the frame answers, so a frame that
// answers late gets two handshakes and answers both; its events then go to the second port.
import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from '../../static/embed.js';

/** A frame that records the handshakes posted to it. */
function fakeFrame() {
  const handshakes = [];
  const iframe = {
    src: 'http://playground.test/?embed=1',
    contentDocument: null, // another origin: the host cannot see into it
    style: {},
    contentWindow: { postMessage: (message, origin, ports) => handshakes.push({ message, origin, port: ports[0] }) },
  };
  return { iframe, handshakes };
}

/** The next message on `port`. */
const nextMessage = (port) => new Promise((resolve) => { port.onmessage = (event) => resolve(event.data); });

test('a handshake answered after the client connected moves the client to its port', { timeout: 10_000 }, async (t) => {
  globalThis.location = new URL('http://docs.test/page');
  mock.timers.enable({ apis: ['setInterval', 'setTimeout'] });
  t.after(() => mock.timers.reset());
  const { iframe, handshakes } = fakeFrame();

  const connecting = connect(iframe);
  mock.timers.tick(250); // the frame is slow: the handshake goes out again
  assert.equal(handshakes.length, 2);
  for (const { message, origin } of handshakes) {
    assert.deepEqual(message, { namespace: 'kinesis-playground', version: 1, type: 'connect' });
    assert.equal(origin, 'http://playground.test');
  }
  const [first, second] = handshakes.map((h) => h.port);
  t.after(() => { first.close(); second.close(); });

  // The frame answers the first handshake; the client connects on that port.
  first.postMessage({ type: 'event', event: 'ready', data: { version: 1 } });
  const playground = await connecting;
  const events = [];
  playground.on('statusChanged', (data) => events.push(data.message));

  // A call before the second answer goes out on the first port and is answered there.
  const listed = playground.send('ListStreams');
  const call = await nextMessage(first);
  assert.deepEqual(call, { id: 1, method: 'send', params: { operation: 'ListStreams', body: {} } });
  first.postMessage({ id: 1, result: { status: 200, body: '{"HasMoreStreams":false,"StreamNames":[]}' } });
  assert.deepEqual(await listed, { status: 200, body: '{"HasMoreStreams":false,"StreamNames":[]}' });

  // Then the frame answers the second handshake and sends its events there: the client hears
  // them, and its next call goes out on that port.
  const heard = new Promise((resolve) => playground.on('statusChanged', resolve));
  second.postMessage({ type: 'event', event: 'ready', data: { version: 1 } });
  second.postMessage({ type: 'event', event: 'statusChanged', data: { message: 'Stream orders is now ACTIVE.' } });
  await heard;
  assert.deepEqual(events, ['Stream orders is now ACTIVE.']);
  const skipped = playground.skip();
  assert.deepEqual(await nextMessage(second), { id: 2, method: 'skip', params: {} });
  second.postMessage({ id: 2, result: { nowMs: 5 } });
  assert.deepEqual(await skipped, { nowMs: 5 });
});
