/**
 * Pagination of admin lists (rest-api.md §6.2): `page` (default 1) and `per_page` (default 20) query
 * parameters, `X-Total-Count` and a `Link` header with `first`/`last`/`next`/`prev` entries.
 *
 * Like upstream, 0 or an absent value means the default and a non-integer is a 400. Beyond upstream, values
 * below 1 are raised to 1 (page) or the default (per_page), and per_page is capped at MAX_PER_PAGE; the
 * headers always describe the page that was actually served.
 */
import type { Context } from 'koa';
import { HttpError } from '../server/http-error.ts';

export const DEFAULT_PER_PAGE = 20;
export const MAX_PER_PAGE = 1000;

export interface PageRequest {
  page: number;
  perPage: number;
  /** Rows to skip. */
  offset: number;
}

const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

/** Parses an integer query value the way upstream's binder does ("" is 0). */
function integer(raw: string | undefined): number {
  const value = raw === undefined || raw === '' ? '0' : raw;
  if (!/^[+-]?\d+$/.test(value))
    throw new HttpError(400, `strconv.ParseInt: parsing "${value}": invalid syntax`);
  const n = Number(value);
  if (!Number.isSafeInteger(n))
    throw new HttpError(400, `strconv.ParseInt: parsing "${value}": value out of range`);
  return n;
}

export function parsePageRequest(query: Context['query']): PageRequest {
  const rawPage = integer(first(query.page));
  const rawPerPage = integer(first(query.per_page));
  const page = Math.max(rawPage, 1);
  const perPage = rawPerPage < 1 ? DEFAULT_PER_PAGE : Math.min(rawPerPage, MAX_PER_PAGE);
  return { page, perPage, offset: (page - 1) * perPage };
}

function pageUrl(base: URL, page: number, perPage: number): string {
  const u = new URL(base.href);
  u.searchParams.set('page', String(page));
  u.searchParams.set('per_page', String(perPage));
  // Upstream re-encodes the query with its keys sorted.
  u.searchParams.sort();
  return u.href;
}

/** The `Link` header value for `page` of a list of `total` items (rest-api.md §6.2). */
export function linkHeader(url: URL, total: number, page: number, perPage: number): string {
  const lastPage = Math.max(1, Math.ceil(total / perPage));
  const links: string[] = [];
  const add = (rel: string, p: number) => links.push(`<${pageUrl(url, p, perPage)}>; rel="${rel}"`);
  if (page !== 1 || page === lastPage) add('first', 1);
  if (page !== lastPage) add('last', lastPage);
  if (page < lastPage) add('next', page + 1);
  if (page > 1) add('prev', page - 1);
  return links.join(',');
}

/** Sets `X-Total-Count` and `Link`; the URLs are built from the request's scheme, Host and URI. */
export function setPaginationHeaders(ctx: Context, total: number, req: PageRequest): void {
  const url = new URL(`${ctx.protocol}://${ctx.host}${ctx.originalUrl}`);
  ctx.set('Link', linkHeader(url, total, req.page, req.perPage));
  ctx.set('X-Total-Count', String(total));
}
