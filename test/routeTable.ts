/**
 * Every route the app registered, as `METHOD /path/:param`, read from Express's router (nested routers
 * walked). The tests that must cover every route — the API description and the authorization table —
 * take their list from here, so a new route cannot be forgotten by either.
 */
import type { Express } from 'express';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  rawPath?: string;
}

function walk(stack: Layer[], prefix: string): string[] {
  const routes: string[] = [];
  for (const layer of stack) {
    if (layer.route) {
      for (const method of Object.keys(layer.route.methods)) routes.push(`${method.toUpperCase()} ${prefix}${layer.route.path}`);
    } else if (layer.handle?.stack) {
      // Routers here are mounted at a fixed path ('/api') or none ('/').
      const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
      routes.push(...walk(layer.handle.stack, prefix + mount));
    }
  }
  return routes;
}

/** `METHOD /path/:param` of every route `app` registered. */
export function registeredRoutes(app: Express): string[] {
  return walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
}
