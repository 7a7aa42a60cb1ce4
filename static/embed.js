// Host-page helper for the Kinesis capacity-mode playground (docs/embedding.md).
//
//   import { connect, mount } from 'https://your.site/kinesis-playground/embed.js';
//   const playground = await connect(document.querySelector('iframe'));
//   const { status, body } = await playground.send('CreateStream', { StreamName: 'orders', ShardCount: 1 });
//   playground.on('response', (call) => console.log(call.operation, call.status));
//
// The frame must allow this page's origin: `…/?embed=1&origins=https://this.site`.
// Messages are namespaced and versioned; after the handshake everything goes over a private
// MessagePort, so neither side ever posts to '*'.

const NAMESPACE = 'kinesis-playground';
const VERSION = 1;

/**
 * Connects to a playground in `iframe`. Resolves to an object with the API's methods once the
 * playground answers, or rejects after `timeout` ms (a frame that does not allow this origin
 * never answers).
 */
export function connect(iframe, { timeout = 15000, autoResize = false } = {}) {
  const origin = new URL(iframe.src, location.href).origin;
  return new Promise((resolve, reject) => {
    let settled = false;
    let connection = null;
    const attempt = () => {
      if (settled) return;
      // Still the initial about:blank of this page's origin: posting now would only warn.
      const blank = iframe.contentDocument;
      if (blank && blank.URL === 'about:blank') return;
      const channel = new MessageChannel();
      channel.port1.onmessage = (event) => {
        const message = event.data;
        if (!message || message.type !== 'event' || message.event !== 'ready') return;
        // A handshake still in flight when an earlier one was answered: the frame now sends its
        // events on this channel, so the client moves to it.
        if (connection) return connection.adopt(channel.port1);
        if (settled) return;
        settled = true;
        clearInterval(timer);
        clearTimeout(deadline);
        connection = client(channel.port1, iframe, autoResize);
        resolve(connection.api);
      };
      // The frame may still be loading: the handshake is repeated until it answers.
      iframe.contentWindow?.postMessage({ namespace: NAMESPACE, version: VERSION, type: 'connect' }, origin, [channel.port2]);
    };
    const timer = setInterval(attempt, 250);
    const deadline = setTimeout(() => {
      settled = true;
      clearInterval(timer);
      reject(new Error(`the playground at ${origin} did not answer; does its ?origins= allow ${location.origin}?`));
    }, timeout);
    attempt();
  });
}

/**
 * The API over the frame's port. Calls go out on the newest port the frame has answered on; the
 * frame replies on the port a call came by, so every port the client has used stays heard.
 */
function client(first, iframe, autoResize) {
  let next = 1;
  let port = first;
  const pending = new Map();
  const handlers = new Map();
  const onmessage = (event) => {
    const message = event.data || {};
    if (message.type === 'event') {
      if (autoResize && message.event === 'resize' && message.data?.height) {
        iframe.style.height = `${message.data.height}px`;
      }
      for (const handler of handlers.get(message.event) || []) handler(message.data);
      return;
    }
    const call = pending.get(message.id);
    if (!call) return;
    pending.delete(message.id);
    if ('error' in message) call.reject(new Error(message.error));
    else call.resolve(message.result);
  };
  port.onmessage = onmessage;
  const request = (method, params = {}) => new Promise((resolve, reject) => {
    const id = next++;
    pending.set(id, { resolve, reject });
    port.postMessage({ id, method, params });
  });
  const api = {
    /** One API call: resolves to { status, body } with the exact response bytes as text. */
    send: (operation, body = {}) => request('send', { operation, body }),
    reset: () => request('reset'),
    loadScenario: (id) => request('loadScenario', { id }),
    getShareUrl: () => request('getShareUrl').then((result) => result.url),
    pause: () => request('pause'),
    resume: () => request('resume'),
    setSpeed: (speed) => request('setSpeed', { speed }),
    advance: (ms) => request('advance', { ms }),
    skip: () => request('skip'),
    /** Traffic: resolve to { id }; stopping, to { nowMs }. */
    startProducer: (params) => request('startProducer', params),
    stopProducer: (id) => request('stopProducer', { id }),
    startConsumer: (params) => request('startConsumer', params),
    stopConsumer: (id) => request('stopConsumer', { id }),
    /** Events: request, response, statusChanged, resize, minute. */
    on(event, handler) {
      if (!handlers.has(event)) handlers.set(event, []);
      handlers.get(event).push(handler);
    },
  };
  const adopt = (later) => {
    later.onmessage = onmessage;
    port = later;
  };
  return { api, adopt };
}

/**
 * Click to load (`ctl`): puts a button in `element` and creates the frame only when it is
 * pressed, so a page with several embeds stays light until a reader wants one.
 */
export function mount(element, src, { title = 'Kinesis capacity-mode playground', label = 'Load the Kinesis playground' } = {}) {
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = label;
  return new Promise((resolve) => {
    button.addEventListener('click', () => {
      const iframe = document.createElement('iframe');
      iframe.src = src;
      iframe.title = title;
      // The copy buttons need it; without it they say copying was refused and offer the text.
      iframe.allow = 'clipboard-write';
      iframe.style.cssText = 'width: 100%; height: 640px; border: 1px solid #d5dae1; border-radius: 8px';
      button.replaceWith(iframe);
      resolve(iframe);
    }, { once: true });
    element.append(button);
  });
}
