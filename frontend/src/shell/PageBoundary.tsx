import { Component, Suspense, type ReactNode } from "react";
import { Alert } from "../components/ui";
import { useI18n } from "../i18n";

/** While a page's chunk loads (App.tsx loads each page on first use): a quiet line, shown only if it takes a moment. */
function PageLoading() {
  const { t } = useI18n();
  return (
    <p className="page-loading" role="status">
      {t("app.loading")}
    </p>
  );
}

function PageFailed({ message }: { message: string }) {
  const { t } = useI18n();
  return (
    <div className="status-page">
      <Alert kind="error">{t("app.pageFailed", { message })}</Alert>
      <button type="button" className="button button--primary" onClick={() => window.location.reload()}>
        {t("app.reload")}
      </button>
    </div>
  );
}

interface State {
  error: Error | null;
}

class Boundary extends Component<{ children: ReactNode }, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  render() {
    return this.state.error ? <PageFailed message={this.state.error.message} /> : this.props.children;
  }
}

/**
 * The page's place in the shell: a loading line while its chunk arrives; a page that cannot load (its chunk gone
 * after a new release, the network down) or fails to render says so with a reload, while the shell stays.
 *
 * The shell keys it by the address's path, so every page starts in a boundary of its own: following a link
 * replaces the page at once (with the loading line if its chunk is not there yet) and forgets an earlier failure.
 * Unkeyed, the router's navigation (a transition) would keep the previous page on screen, and in use, under the
 * new address until the chunk arrived.
 */
export function PageBoundary({ children }: { children: ReactNode }) {
  return (
    <Boundary>
      <Suspense fallback={<PageLoading />}>{children}</Suspense>
    </Boundary>
  );
}
