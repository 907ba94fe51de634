import { UserInputError } from '../core/errors.ts';

export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/**
 * The base URL a client will talk to: the given one, else $OPENAI_BASE_URL, else the OpenAI API.
 * Checked before anything is sent or written, so a typo is one error naming where the value came
 * from, not a stack trace or a run of retried "connection failed" warnings.
 */
export function resolveBaseUrl(baseURL: string | undefined, flag = '--base-url'): string {
  const fromEnv = baseURL === undefined && process.env.OPENAI_BASE_URL !== undefined && process.env.OPENAI_BASE_URL !== '';
  const value = baseURL ?? (fromEnv ? process.env.OPENAI_BASE_URL! : DEFAULT_BASE_URL);
  const source = fromEnv ? '$OPENAI_BASE_URL' : flag;
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:') {
    // Shown as typed unless it carries credentials or a query, where a key may hide.
    const shown = url && (url.username || url.password || url.search) ? publicEndpoint(value) : value;
    throw new UserInputError(`${source} "${shown}" is not an http:// or https:// URL; give the endpoint's base, e.g. ${flag} http://localhost:8000/v1`);
  }
  if (url.username || url.password) {
    // fetch refuses such a URL outright; retrying it would only repeat the password in every warning.
    throw new UserInputError(
      `${source} "${publicEndpoint(value)}" carries a user name or password, which cannot be sent that way; put the key in the variable named by --api-key-env (default OPENAI_API_KEY)`,
    );
  }
  return value;
}

/** `scheme://host[:port]/path` of an endpoint: what a run records, without credentials or query. */
export function publicEndpoint(baseURL: string): string {
  const url = new URL(baseURL);
  return `${url.protocol}//${hostAndPath(url)}`;
}

/** `host[:port]/path` of an endpoint: what cache keys and messages name it by. */
export function endpointId(baseURL: string): string {
  return hostAndPath(new URL(baseURL));
}

function hostAndPath(url: URL): string {
  return `${url.host}${url.pathname.replace(/\/+$/, '')}`;
}
