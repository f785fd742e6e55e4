/*
 * The gateway console: connects to an endpoint with the browser client, calls its methods,
 * shows replies, streamed replies and the service's calls to callbacks as they come, and
 * writes the same call as a curl command for the HTTP API.
 */
import {connect} from './duplex.js';

const $ = id => document.getElementById(id);

/** The gateway's root: the console lives at <root>/_gateway/. */
const gatewayRoot = new URL('../', location.href);

/** Marks where a callback goes in the arguments. */
const CALLBACK = '$callback';

/** What a callback answers the service. */
const CALLBACK_ANSWER = 'ok';

let client = null;

/** An endpoint typed as a path is on this gateway; a full URL is taken as it is. */
function endpointUrl() {
  const text = $('endpoint').value.trim();
  if (/^(wss?|https?):\/\//.test(text)) {
    return new URL(text);
  }
  return new URL(text.replace(/^\/+/, ''), gatewayRoot);
}

function showState(state, text) {
  $('state').className = 'state ' + state;
  $('state').textContent = text;
  $('send').disabled = state !== 'open';
  $('disconnect').disabled = state === 'closed';
}

/** Adds a line to the activity log: what happened, and the JSON that came with it. */
function log(kind, label, value) {
  const item = document.createElement('li');
  item.className = kind;
  const time = document.createElement('time');
  time.textContent = new Date().toLocaleTimeString();
  const title = document.createElement('span');
  title.textContent = label;
  item.append(time, title);
  if (value !== undefined) {
    const json = document.createElement('code');
    json.textContent = JSON.stringify(value);
    item.append(json);
  }
  $('log').prepend(item);
}

async function openConnection(event) {
  event.preventDefault();
  closeConnection();
  showState('connecting', 'connecting');
  try {
    client = await connect(endpointUrl().href, {secret: $('secret').value});
  } catch (error) {
    const status = error.status ? ' (HTTP ' + error.status + ')' : '';
    showState('closed', error.message + status);
    log('error', 'could not connect: ' + error.message + status);
    return;
  }
  const current = client;
  current.addEventListener('reconnecting', () => showState('reconnecting', 'reconnecting'));
  current.addEventListener('open', () => showState('open', 'connected'));
  current.addEventListener('closed', ({detail}) => {
    if (client === current) {
      showState('closed', detail ? detail.message : 'not connected');
    }
  });
  showState('open', 'connected');
  log('info', 'connected to ' + endpointUrl().pathname);
}

function closeConnection() {
  if (client) {
    const closing = client;
    client = null;
    closing.close();
    showState('closed', 'not connected');
  }
}

/** The arguments as JSON, each "$callback" in them replaced by a fresh callback's name. */
function argumentsWithCallbacks() {
  const text = $('payload').value.trim();
  return withCallbacks(text === '' ? null : JSON.parse(text));
}

function withCallbacks(value) {
  if (value === CALLBACK) {
    const name = client.callback(payload => {
      log('incoming', 'the service called ' + name, payload);
      return CALLBACK_ANSWER;
    });
    return name;
  }
  if (Array.isArray(value)) {
    return value.map(withCallbacks);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, withCallbacks(v)]));
  }
  return value;
}

async function call(event) {
  event.preventDefault();
  const method = $('method').value.trim();
  let payload;
  try {
    payload = argumentsWithCallbacks();
  } catch (notJson) {
    log('error', 'the arguments are not JSON: ' + notJson.message);
    return;
  }
  log('out', 'call ' + method, payload);
  const channel = client.open(method).onReply((reply, more) => {
    log(more ? 'stream' : 'reply', method + (more ? ' streamed' : ' replied'), reply);
  });
  channel.end(payload);
  try {
    await channel.done;
  } catch (error) {
    log('error', method + ' failed', {code: error.code, message: error.message});
  }
}

/** Quotes text for a POSIX shell. */
const quote = text => "'" + text.replace(/'/g, "'\\''") + "'";

/** The HTTP API's equivalent of the call, with the secret shown or masked. */
function curlCommand(showSecret) {
  const url = endpointUrl();
  url.protocol = url.protocol.replace(/^ws/, 'http');
  url.search = '';
  url.pathname = url.pathname.replace(/\/+$/, '') + '/' + ($('method').value.trim() || 'method');
  const secret = $('secret').value;
  let body = $('payload').value.trim();
  try {
    body = JSON.stringify(JSON.parse(body));
  } catch (notJson) {
    // Shown as typed: the command is a preview while the arguments are being written.
  }
  const parts = ['curl -sN -X POST ' + quote(url.href)];
  if (secret) {
    const shown = showSecret ? secret : '*'.repeat(secret.length);
    parts.push('-H ' + quote('Authorization: Bearer ' + shown));
  }
  parts.push('-d ' + quote(body));
  return parts.join(' ');
}

function showCurl() {
  $('copied').textContent = '';
  try {
    $('curl').textContent = curlCommand(false);
  } catch (incompleteEndpoint) {
    $('curl').textContent = '';
  }
}

async function copyCurl() {
  try {
    await navigator.clipboard.writeText(curlCommand(true));
    $('copied').textContent = 'copied';
  } catch (refused) {
    $('copied').textContent = 'the browser refused to copy: ' + refused.message;
  }
}

$('connection').addEventListener('submit', openConnection);
$('disconnect').addEventListener('click', closeConnection);
$('call').addEventListener('submit', call);
$('copy').addEventListener('click', copyCurl);
$('clear').addEventListener('click', () => $('log').replaceChildren());
for (const id of ['endpoint', 'secret', 'method', 'payload']) {
  $(id).addEventListener('input', showCurl);
}
showCurl();
