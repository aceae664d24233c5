import { useEffect, useRef, useState } from "react";
import { useI18n } from "../i18n";
import { barcodeDetector } from "./camera";

const SAME_CODE_PAUSE_MS = 1500;
const FRAME_GAP_MS = 200;

/**
 * The back camera's picture with a barcode reader on it: each code read is handed to `onCode` once (the same code
 * again only after a pause, so one label held in view is one scan). Closing stops the camera.
 */
export function CameraScanner({ onCode, onClose }: { onCode: (code: string) => void; onClose: () => void }) {
  const { t } = useI18n();
  const video = useRef<HTMLVideoElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [ready, setReady] = useState(false);
  const latest = useRef(onCode);
  useEffect(() => {
    latest.current = onCode;
  });

  useEffect(() => {
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let stopped = false;
    let last = { code: "", at: 0 };
    const loop = async (read: (v: HTMLVideoElement) => Promise<{ rawValue: string }[]>) => {
      if (stopped || !video.current) return;
      try {
        const found = video.current.readyState >= 2 ? await read(video.current) : [];
        const code = found[0]?.rawValue;
        const now = Date.now();
        if (code && (code !== last.code || now - last.at > SAME_CODE_PAUSE_MS)) {
          last = { code, at: now };
          latest.current(code);
        }
      } catch {
        /* a frame the reader could not use: try the next */
      }
      timer = setTimeout(() => void loop(read), FRAME_GAP_MS);
    };
    (async () => {
      try {
        if (!navigator.mediaDevices?.getUserMedia) throw new Error(t("pick.cameraMissing"));
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
        if (stopped) return;
        const element = video.current!;
        element.srcObject = stream;
        await element.play();
        const detector = await barcodeDetector();
        if (stopped) return;
        setReady(true);
        void loop((v) => detector.detect(v));
      } catch (error) {
        if (!stopped) setProblem(error instanceof Error && error.name === "NotAllowedError" ? t("pick.cameraDenied") : t("pick.cameraFailed"));
      }
    })();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, [t]);

  return (
    <div className="camera" role="region" aria-label={t("pick.camera")}>
      <video ref={video} className="camera-video" muted playsInline />
      {!ready && !problem && <p className="camera-note">{t("pick.cameraStarting")}</p>}
      {problem && (
        <p className="camera-note" role="alert">
          {problem}
        </p>
      )}
      <button type="button" className="button pick-button" onClick={onClose}>
        {t("pick.cameraClose")}
      </button>
    </div>
  );
}
