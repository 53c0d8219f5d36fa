/** Reads the import file from disk or from a URL (which must answer 2xx) and checks that it is a JSON array. */
import { readFile } from 'node:fs/promises';

export class ImportSourceError extends Error {}

function parseEntries(text: string, where: string): unknown[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ImportSourceError(`${where} is not valid JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(value)) throw new ImportSourceError(`${where} must contain a JSON array of users`);
  return value;
}

export async function readImportFile(file: string): Promise<unknown[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ImportSourceError(`cannot read ${file}: ${(err as Error).message}`);
  }
  return parseEntries(text, file);
}

export async function fetchImportUrl(url: string): Promise<unknown[]> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ImportSourceError(`${url} is not a URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new ImportSourceError(`${url}: only http and https URLs are supported`);
  let res: Response;
  try {
    res = await fetch(parsed);
  } catch (err) {
    throw new ImportSourceError(`cannot fetch ${url}: ${(err as Error).message}`);
  }
  if (res.status < 200 || res.status > 299)
    throw new ImportSourceError(`${url} answered ${res.status}, expected 2xx`);
  return parseEntries(await res.text(), url);
}
