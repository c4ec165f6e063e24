export { freePort } from './server-process.js';
