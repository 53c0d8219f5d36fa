import { STATUS_CODES } from 'node:http';

/** An error answered as upstream's `{"code": <status>, "message": "..."}`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message ?? STATUS_CODES[status] ?? 'Error');
    this.name = 'HttpError';
  }
}

export const errorBody = (status: number, message?: string) => ({
  code: status,
  message: message ?? STATUS_CODES[status] ?? 'Error',
});
