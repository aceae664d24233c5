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
  /** The path the error happened on: leaving it clears the error. */
  on: string | null;
}

class Boundary extends Component<{ path: string; children: ReactNode }, State> {
  state: State = { error: null, on: null };

  static getDerivedStateFromError(error: Error): Partial<State> {
    return { error };
  }

  static getDerivedStateFromProps(props: { path: string }, state: State): Partial<State> | null {
    if (!state.error) return null;
    if (state.on === null) return { on: props.path };
    return state.on === props.path ? null : { error: null, on: null };
  }

  render() {
    return this.state.error ? <PageFailed message={this.state.error.message} /> : this.props.children;
  }
}

/**
 * The page's place in the shell: a loading line while its chunk arrives; a page that cannot load (its chunk gone
 * after a new release, the network down) or fails to render says so with a reload, while the shell stays, until
 * another page is chosen.
 */
export function PageBoundary({ path, children }: { path: string; children: ReactNode }) {
  return (
    <Boundary path={path}>
      <Suspense fallback={<PageLoading />}>{children}</Suspense>
    </Boundary>
  );
}
