/*
 * The Duplex browser client as an ES module:
 *
 *   import {connect} from 'https://gw.example/_gateway/duplex.js';
 *
 * The client itself is duplex-global.js, a plain script so that pages without modules can
 * load it with <script src>. Importing it runs it once; this module passes on what it made.
 */
import './duplex-global.js';

export const {connect, DuplexError} = globalThis.Duplex;
