// Sound and vibration for a scan: on the floor the eyes are on the shelf, not on the phone.
import { SIGNALS, type ScanSignal } from "./picker";

let audio: AudioContext | null = null;

function beep(signal: ScanSignal): void {
  const Ctor = window.AudioContext;
  if (!Ctor) return;
  audio ??= new Ctor();
  const { tones, wave } = SIGNALS[signal];
  let at = audio.currentTime;
  for (const tone of tones) {
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.type = wave;
    oscillator.frequency.setValueAtTime(tone.hz, at);
    gain.gain.setValueAtTime(0.2, at);
    gain.gain.exponentialRampToValueAtTime(0.001, at + tone.seconds);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(at);
    oscillator.stop(at + tone.seconds);
    at += tone.seconds + 0.04;
  }
}

/** Beeps and vibrates as `signal` says; where the device can do neither, the message on screen is all. */
export function signalScan(signal: ScanSignal): void {
  try {
    beep(signal);
  } catch {
    /* no sound available */
  }
  try {
    navigator.vibrate?.(SIGNALS[signal].vibrate);
  } catch {
    /* no vibration available */
  }
}
