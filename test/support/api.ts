/** An RFC 9457 problem as the API answers it. */
export interface Problem {
  status: number;
  detail: string;
  errors?: Array<{ field: string; message: string }>;
}

/** Calls the app's API as the holder of `token` (without one: the development identity), with a JSON body. */
export function callApi(baseUrl: string, token: string | undefined, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${baseUrl}/api${path}`, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** Asserts the answer is a problem with this status, as problem+json, and returns it. */
export async function expectProblem(response: Response, status: number): Promise<Problem> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return (await response.json()) as Problem;
}
