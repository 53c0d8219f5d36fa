/** Every failure of the template engine (parse or execution) is a TemplateError with Go-like text. */
export class TemplateError extends Error {
  override name = 'TemplateError';
}
