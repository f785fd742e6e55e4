/*
 * Duplex RPC client for browsers, for services published through a Duplex Gateway. A plain
 * script that defines the global Duplex; duplex.js offers the same as an ES module.
 *
 *   const greeter = await Duplex.connect('wss://gw.example/greeter', {secret: 's3cret'});
 *   await greeter.call('greet', 'Ada');                        // "Hello, Ada!"
 *   for await (const n of greeter.stream('count', 3)) { }      // 1, 2, 3
 *   greeter.open('sum').onReply(show).send(1).send(2).end(3);  // requests stream too
 *   greeter.register('ping', () => 'pong');                    // the service may call it
 *   const note = greeter.callback(text => 'noted');            // a name to pass in a payload
 *   await greeter.call('remind', {callback: note, note: 'tea'});
 *
 * Handlers (register, callback) get (payload, call) and answer with what they return, or
 * with an error reply when they throw (a DuplexError's code and message, else 500). Before
 * that, call.send(x) streams replies, call.onRequest(listener) takes streamed requests, and
 * call.call(method, payload) calls the other side on the request's route (its ext).
 */
(function (global) {
  'use strict';

  const HANDSHAKE = 'SIMPLEX/1.0;json';
  const METHOD_NOT_FOUND = -32601;
  const INTERNAL_ERROR = 500;
  const UNAVAILABLE = 503;
  const DEFAULTS = {reconnect: true, minDelayMs: 250, maxDelayMs: 30000,
    handshakeTimeoutMs: 10000};

  // What the gateway's refusals mean to a client. A GET that passes every check gets 426: then
  // the secret was right, and something else kept the WebSocket from opening.
  const REFUSALS = {401: 'invalid secret', 403: 'TLS required', 404: 'endpoint not found',
    426: 'endpoint and secret are right, yet the WebSocket did not open (a proxy?)'};

  const FINAL_STATUSES = [401, 403]; // refusals no retry cures: reconnecting stops there

  // What the client uses of channels and calls, kept out of their public API.
  const [REPLY, FAIL, NEXT, SENT, DIAL] = ['reply', 'fail', 'next', 'sent', 'dial'].map(Symbol);

  /** An error reply (code, message, data) or a refused connection (status, 0 if unknown). */
  class DuplexError extends Error {
    constructor(message, details) {
      super(message);
      this.name = 'DuplexError';
      Object.assign(this, details);
    }
  }

  // Members left undefined stay out of the frame: JSON.stringify skips them.
  const request = (method, id, payload, more, ext) =>
    ({type: 'req', method, id: id || undefined, payload, more: more || undefined, ext});
  const payloadOf = message => (message.payload === undefined ? null : message.payload);
  const unavailable = why => new DuplexError(why, {code: UNAVAILABLE});

  /**
   * A channel this side opened: requests go out with send(x) and the last with end(x); the
   * replies come to onReply(listener) or to for await, not both; done settles with the last.
   */
  class Channel {
    #transmit;
    #replies = []; // {payload, more} not taken yet
    #listener = null;
    #wake = () => {};
    #ended = false;
    #failure = null;
    #requestsEnded = false;
    #settle;

    constructor(method, id, transmit) {
      Object.assign(this, {method, id});
      this.#transmit = transmit;
      this.done = new Promise((resolve, reject) => (this.#settle = {resolve, reject}));
      // A caller that iterates or listens hears of failures there: done need not be awaited.
      this.done.catch(() => {});
    }

    send(payload) { return this.#request(payload, true); }

    end(payload) { return this.#request(payload, false); }

    /** Calls listener(payload, more) for each reply, those received before this first. */
    onReply(listener) {
      this.#listener = listener;
      this.#replies.splice(0).forEach(reply => listener(reply.payload, reply.more));
      return this;
    }

    async *[Symbol.asyncIterator]() {
      for (;;) {
        if (this.#replies.length > 0) {
          yield this.#replies.shift().payload;
        } else if (this.#ended) {
          if (this.#failure) throw this.#failure;
          return;
        } else {
          await new Promise(wake => (this.#wake = wake));
        }
      }
    }

    #request(payload, more) {
      if (this.#requestsEnded) throw new Error(this.method + ': the requests have ended');
      this.#requestsEnded = !more;
      // After the last reply or an error, the other side has forgotten the channel.
      if (!this.#ended) this.#transmit(request(this.method, this.id, payload, more));
      return this;
    }

    [REPLY](message) {
      const reply = {payload: payloadOf(message), more: message.more === true};
      this.#ended = !reply.more;
      if (this.#ended) this.#settle.resolve(reply.payload);
      if (this.#listener) return this.#listener(reply.payload, reply.more);
      this.#replies.push(reply);
      this.#wake();
    }

    [FAIL](error) {
      this.#ended = true;
      this.#failure = error;
      this.#settle.reject(error);
      this.#wake();
    }
  }

  /**
   * Why a WebSocket did not open, asked of the same URL over plain HTTP: a browser tells a
   * script nothing about a refused upgrade, while a GET gets the gateway's status and reason.
   */
  async function whyRefused(socketUrl) {
    let response;
    try {
      response = await fetch(socketUrl.replace(/^ws/, 'http'), {cache: 'no-store'});
    } catch (unreachable) {
      const why = "gateway unreachable, or this page's origin is not in its CORS_ORIGINS";
      return new DuplexError(why, {status: 0});
    }
    const {status} = response;
    const plain = (response.headers.get('Content-Type') || '').startsWith('text/plain');
    const text = plain ? (await response.text()).trim() : '';
    return new DuplexError(REFUSALS[status] || text || 'refused with HTTP ' + status, {status});
  }

  /**
   * A connection to one endpoint. Its state is 'connecting', 'open', 'reconnecting' or
   * 'closed', and each change dispatches an event of that name ('closed' with the error, if
   * any, as event.detail). When the connection drops, the client reconnects with exponential
   * backoff: calls made meanwhile wait and go out once it is back; calls in flight fail (503).
   */
  class Client extends EventTarget {
    #url;
    #options;
    #state = 'connecting';
    #socket = null;
    #nextId = 1;
    #channels = new Map(); // this side's open channels, by request id
    #calls = new Map(); // the other side's requests not answered yet, by its request id
    #handlers = new Map();
    #callbacks = 0;
    #outbox = []; // requests made while disconnected, with their channels
    #attempts = 0;
    #timer = null;

    constructor(url, options) {
      super();
      this.#url = url;
      this.#options = options;
    }

    get state() { return this.#state; }

    /** Calls method; settles with the payload of its reply (the last one if it streams). */
    call(method, payload) { return this.#open(method).onReply(() => {}).end(payload).done; }

    /** Calls method and returns the channel, whose replies for await iterates. */
    stream(method, payload) { return this.#open(method).end(payload); }

    /** Opens a channel to method; nothing is sent before its send or end. */
    open(method) { return this.#open(method); }

    /** Sends a request that wants no reply. */
    notify(method, payload) { this.#transmit(request(method, 0, payload, false), null); }

    /** Offers method to the other side: handler(payload, call) answers it. */
    register(method, handler) {
      this.#handlers.set(method, handler);
      return this;
    }

    unregister(method) { this.#handlers.delete(method); }

    /** Registers handler under a fresh name and returns the name, to pass in a payload. */
    callback(handler) {
      const name = 'callback.' + ++this.#callbacks;
      this.register(name, handler);
      return name;
    }

    /** Closes the connection for good: calls not answered yet fail with code 503. */
    close() { this.#end(unavailable('the client was closed'), null); }

    /** Opens the WebSocket and completes the handshake; rejects with why it could not. */
    [DIAL]() {
      return new Promise((resolve, reject) => {
        const socket = (this.#socket = new WebSocket(this.#url));
        let phase = 'opening';
        const fail = (why, status) => {
          phase = 'failed';
          reject(why instanceof DuplexError ? why : new DuplexError(why, {status}));
          socket.close();
        };
        const timer = setTimeout(() => fail('no handshake answer in time', 0),
            this.#options.handshakeTimeoutMs);
        socket.onopen = () => {
          phase = 'handshake';
          socket.send(HANDSHAKE);
        };
        socket.onmessage = ({data}) => {
          if (phase === 'accepted') return this.#receive(data);
          clearTimeout(timer);
          if (data !== '+OK') return fail('handshake refused: ' + data, 0);
          phase = 'accepted';
          this.#accepted();
          resolve(this);
        };
        socket.onclose = event => {
          clearTimeout(timer);
          if (phase === 'accepted') return this.#lost();
          // Never opened: the gateway refused the upgrade, and only a GET learns why.
          if (phase === 'opening' && this.#state !== 'closed') {
            return whyRefused(this.#url).then(fail);
          }
          fail('closed during the handshake: ' + (event.reason || event.code), 0);
        };
      });
    }

    #open(method, ext) {
      const id = this.#nextId++;
      const channel = new Channel(method, id,
          message => this.#transmit(Object.assign(message, {ext}), channel));
      if (this.#state === 'closed') {
        channel[FAIL](unavailable('the client is closed'));
      } else {
        this.#channels.set(id, channel);
      }
      return channel;
    }

    #transmit(message, channel) {
      if (this.#state === 'closed') throw unavailable('the client is closed');
      if (this.#state !== 'open') return this.#outbox.push({message, channel});
      if (channel) channel[SENT] = true;
      this.#socket.send(JSON.stringify(message));
    }

    #accepted() {
      if (this.#state === 'closed') return this.#socket.close(1000);
      this.#attempts = 0;
      this.#setState('open', null);
      for (const {message, channel} of this.#outbox.splice(0)) {
        // A channel that failed meanwhile has nothing more to send.
        if (!channel || this.#channels.has(channel.id)) this.#transmit(message, channel);
      }
    }

    /** The connection dropped: fails what was in flight on it, then reconnects. */
    #lost() {
      const lost = unavailable('connection lost');
      for (const [id, channel] of this.#channels) {
        if (!channel[SENT]) continue; // only in the outbox yet: it goes out after reconnecting
        this.#channels.delete(id);
        channel[FAIL](lost);
      }
      this.#calls.clear();
      if (this.#state === 'closed') return;
      if (!this.#options.reconnect) return this.#end(lost, lost);
      this.#retry();
    }

    #retry() {
      const {minDelayMs, maxDelayMs} = this.#options;
      const ceilingMs = Math.min(maxDelayMs, minDelayMs * 2 ** this.#attempts++);
      // Anywhere in the upper half, so clients that lost the same gateway do not return at once.
      const delayMs = ceilingMs / 2 + (Math.random() * ceilingMs) / 2;
      this.#setState('reconnecting', null);
      this.#timer = setTimeout(() => this[DIAL]().catch(error => {
        if (this.#state === 'closed') return;
        if (FINAL_STATUSES.includes(error.status)) return this.#end(error, error);
        this.#retry();
      }), delayMs);
    }

    #end(failure, cause) {
      if (this.#state === 'closed') return;
      clearTimeout(this.#timer);
      this.#setState('closed', cause);
      this.#socket?.close(1000);
      this.#channels.forEach(channel => channel[FAIL](failure));
      this.#channels.clear();
      this.#calls.clear();
      this.#outbox = [];
    }

    #setState(state, detail) {
      if (this.#state === state) return;
      this.#state = state;
      this.dispatchEvent(new CustomEvent(state, {detail}));
    }

    #receive(data) {
      let message;
      try {
        message = JSON.parse(data);
      } catch (notJson) {
        return console.warn('Duplex: ignored a frame that is not JSON');
      }
      if (message?.type === 'rep') this.#onReply(message);
      if (message?.type === 'req') this.#onRequest(message);
    }

    #onReply(message) {
      const channel = this.#channels.get(message.id);
      // Nothing waits for a late reply, or for one to a request that wanted none.
      if (!channel) return;
      const {error} = message;
      if (error || message.more !== true) this.#channels.delete(message.id);
      if (error) return channel[FAIL](new DuplexError(error.message, error));
      channel[REPLY](message);
    }

    #onRequest(message) {
      const id = message.id || 0;
      const next = this.#calls.get(id);
      if (next) return next[NEXT](payloadOf(message), message.more === true);
      const socket = this.#socket;
      let ended = !id; // a request without id wants no answer
      // Sends {payload, more} or {error}, with the request's ext as the protocol asks.
      const answer = body => {
        if (ended) return;
        ended = !body.more;
        if (ended) this.#calls.delete(id);
        // An answer to a request of an earlier connection has nobody left to read it.
        if (this.#socket !== socket || this.#state !== 'open') return;
        socket.send(JSON.stringify({type: 'rep', id, ...body, ext: message.ext}));
      };
      const {method, ext} = message;
      const call = {method, ext, payload: payloadOf(message), more: message.more === true,
        [NEXT]: () => {},
        send: payload => answer({payload, more: true}),
        onRequest: listener => (call[NEXT] = listener),
        call: (to, payload) => this.#open(to, ext).onReply(() => {}).end(payload).done};
      if (id) this.#calls.set(id, call);
      this.#run(this.#handlers.get(method), call, answer);
    }

    async #run(handler, call, answer) {
      if (!handler) {
        const message = 'method not found: ' + call.method;
        return answer({error: {code: METHOD_NOT_FOUND, message}});
      }
      try {
        answer({payload: await handler(call.payload, call)});
      } catch (error) {
        // Only a DuplexError is meant for the other side; anything else stays in this page.
        const chosen = error instanceof DuplexError && Number.isInteger(error.code);
        if (!chosen) console.error('Duplex: the handler of ' + call.method + ' failed', error);
        const code = chosen ? error.code : INTERNAL_ERROR;
        answer({error: {code, message: chosen ? error.message : 'internal error'}});
      }
    }
  }

  /**
   * Connects to an endpoint (a ws, wss, http or https URL, or a path on this page's host) and
   * settles with a Client once the gateway accepted. Options: secret; reconnect (true); the
   * backoff's bounds minDelayMs (250) and maxDelayMs (30000); handshakeTimeoutMs (10000).
   * A refusal rejects with a DuplexError that says why, with the gateway's HTTP status.
   */
  function connect(endpoint, options) {
    const settings = Object.assign({}, DEFAULTS, options);
    const url = new URL(endpoint, global.location?.href);
    url.protocol = url.protocol.replace(/^http/, 'ws');
    if (settings.secret !== undefined) url.searchParams.set('secret', settings.secret);
    const client = new Client(url.href, settings);
    return client[DIAL]().catch(error => {
      client.close();
      throw error;
    });
  }

  global.Duplex = Object.freeze({connect, DuplexError});
})(globalThis);
