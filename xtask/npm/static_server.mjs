// A static file server for the npm package's loader tests, on 127.0.0.1 and a free port: it
// serves the files a publisher puts online (manifest.json, network.json, their .sig, the region files tiles/*.tbi, tiles/*.tb2 and their detail chunks tiles/*.tbd;
// never keys nor private directories) under a root, logs every request
// path, and lets a test change or withhold a file's bytes (`server.transform`) to play a broken
// or malicious host. No npm packages: node:http only.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { join, resolve, sep } from "node:path";

const SERVED = /\/(manifest\.json|network\.json|manifest\.json\.sig|network\.json\.sig|tiles\/[0-9a-f]{64}\.tb[2di])$/;

/**
 * Starts serving `root`. Returns `{ origin, port, requests, transform, close }`: `requests` lists
 * the paths asked for, in order; `transform(path, bytes)` may return other bytes, or `null` for
 * a 404.
 */
export async function serve(root) {
  const base = resolve(root);
  const server = { requests: [], transform: null, port: 0, origin: "" };
  const http = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://localhost").pathname);
    server.requests.push(path);
    const file = resolve(join(base, path));
    let body = null;
    if (file.startsWith(base + sep) && SERVED.test(file)) {
      body = await readFile(file).catch(() => null);
    }
    if (body !== null && server.transform) body = server.transform(path, body);
    if (body === null) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    const type = path.endsWith(".json") ? "application/json" : path.endsWith(".sig") ? "text/plain" : "application/octet-stream";
    res.writeHead(200, { "content-type": type, "access-control-allow-origin": "*" }).end(body);
  });
  await new Promise((ok) => http.listen(0, "127.0.0.1", ok));
  server.port = http.address().port;
  server.origin = `http://127.0.0.1:${server.port}`;
  server.close = () =>
    new Promise((ok) => {
      http.closeAllConnections();
      http.close(ok);
    });
  return server;
}

/** A port on 127.0.0.1 where nothing listens: a member whose server is down. */
export async function closedPort() {
  const http = createServer();
  await new Promise((ok) => http.listen(0, "127.0.0.1", ok));
  const { port } = http.address();
  await new Promise((ok) => http.close(ok));
  return port;
}
