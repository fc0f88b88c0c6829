// `node --import ./register.mjs`: loads main.js with `electron` replaced by the recording stub.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
