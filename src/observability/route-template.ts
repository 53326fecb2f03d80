import { CONSOLE_PATH } from '../console/console-http';

/** The label of a request no route took (404, 405, a body refused before routing): one series, not one per path. */
export const UNMATCHED = 'unmatched';
/** The console's pages and assets, which no route of the API serves: one series. */
export const CONSOLE_PAGES = `${CONSOLE_PATH}/*`;

/** What Express leaves on a request it routed: the matched route, and where its router is mounted. */
interface RoutedRequest {
  route?: unknown;
  baseUrl?: string;
  url?: string;
}

/**
 * The route template Express matched (`/mandates/:id/assignment`), never the path: bounded for metrics, and free of
 * what a path may carry (mandate ids, a calendar feed's secret).
 */
export function routeTemplate(req: RoutedRequest): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof path === 'string') return `${req.baseUrl ?? ''}${path}`;
  return (req.url ?? '').startsWith(`${CONSOLE_PATH}/`) ? CONSOLE_PAGES : UNMATCHED;
}
