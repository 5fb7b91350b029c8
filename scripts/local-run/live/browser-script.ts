/**
 * The live page's only script, served as `/live.js` from the page's own origin (the policy allows
 * nothing else). It is plain JavaScript kept as text, so the page needs no build step: it listens
 * to the server's event stream and puts each panel the server drew in place. The panels are
 * escaped where they are drawn (`page.ts`); nothing from the stream is evaluated.
 */
import { LIVE_EVENTS_PATH } from './page';

/** The server-sent event that carries fresh panels: `{ "<panel id>": "<html>" }`. */
export const PANELS_EVENT = 'panels';

export const LIVE_PAGE_SCRIPT = `'use strict';
(() => {
  const connection = document.getElementById('connection');
  const show = (state, text) => {
    connection.dataset.connection = state;
    connection.textContent = text;
  };
  const stream = new EventSource(${JSON.stringify(LIVE_EVENTS_PATH)});
  stream.addEventListener('open', () => show('live', 'live'));
  // EventSource reconnects by itself (after the server's retry delay).
  stream.addEventListener('error', () => show('lost', 'connection lost, reconnecting…'));
  stream.addEventListener(${JSON.stringify(PANELS_EVENT)}, (event) => {
    const panels = JSON.parse(event.data);
    for (const [id, html] of Object.entries(panels)) {
      const panel = document.getElementById(id);
      if (panel) panel.innerHTML = html;
    }
    document.body.dataset.updatedAt = new Date().toISOString();
    show('live', 'live');
  });
})();
`;
