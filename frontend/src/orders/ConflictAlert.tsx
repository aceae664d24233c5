/**
 * Someone else changed the order (or draft) meanwhile: what the server or the live event said, and the two ways
 * on — load the latest version, or keep the input and save it over that version.
 */
export function ConflictAlert(props: {
  title: string;
  message: string;
  help?: string;
  loadLatest: string;
  onLoadLatest: () => void;
  keepMine: string;
  onKeepMine: () => void;
}) {
  return (
    <div className="alert alert--warn conflict" role="alert">
      <p>
        <strong>{props.title}</strong> {props.message}
      </p>
      {props.help && <p>{props.help}</p>}
      <div className="actions">
        <button type="button" className="button button--primary" onClick={props.onLoadLatest}>
          {props.loadLatest}
        </button>
        <button type="button" className="button" onClick={props.onKeepMine}>
          {props.keepMine}
        </button>
      </div>
    </div>
  );
}
