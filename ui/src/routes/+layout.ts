// The console is a single-page app: no server rendering, no prerendered pages; adapter-static
// writes one fallback index.html and the client router does the rest.
export const ssr = false;
export const prerender = false;
