// Stands in for urql's hooks in a hook's unit test: answers each operation (by its document) with what the test
// says, and records the variables sent. In the test:
//   vi.mock("urql", async () => (await import("../../testing/fakeUrql")).fakeUrql);
// and `server` (imported from here) to say the answers and read what was sent.
import { vi } from "vitest";

type Answer = { data?: unknown; error?: { message: string } } | undefined;
type Handler = (variables: Record<string, unknown>) => Answer | Promise<Answer>;

export class FakeServer {
  private handlers = new Map<unknown, Handler>();
  /** Every operation sent: its document and variables, in order. */
  readonly sent: { document: unknown; variables: Record<string, unknown> }[] = [];

  on(document: unknown, handler: Handler): void {
    this.handlers.set(document, handler);
  }

  reset(): void {
    this.handlers.clear();
    this.sent.length = 0;
  }

  /** The variables of each time `document` was sent. */
  calls(document: unknown): Record<string, unknown>[] {
    return this.sent.filter((s) => s.document === document).map((s) => s.variables);
  }

  async answer(document: unknown, variables: Record<string, unknown> = {}): Promise<Answer> {
    this.sent.push({ document, variables });
    return (await this.handlers.get(document)?.(variables)) ?? { data: undefined };
  }

  /** A query's answer at once (useQuery), without recording it. */
  now(document: unknown, variables: Record<string, unknown> = {}): Answer {
    const answer = this.handlers.get(document)?.(variables);
    return answer instanceof Promise ? undefined : answer;
  }
}

export function fakeUrqlModule(server: FakeServer) {
  return {
    useQuery: ({ query, variables, pause }: { query: unknown; variables?: Record<string, unknown>; pause?: boolean }) => {
      const answer = pause ? undefined : server.now(query, variables);
      return [{ data: answer?.data, error: answer?.error, fetching: false }, vi.fn()];
    },
    useMutation: (document: unknown) => [{ fetching: false }, (variables: Record<string, unknown>) => server.answer(document, variables)],
    useClient: () => ({
      query: (document: unknown, variables: Record<string, unknown>) => ({ toPromise: () => server.answer(document, variables) }),
    }),
  };
}

export const server = new FakeServer();
export const fakeUrql = fakeUrqlModule(server);
