import type { ReactNode } from "react";
import { useTypedFilter } from "./useTypedFilter";

/** A list's filters: a search landmark that never submits (every field applies itself). */
export function FilterBar({ label, className = "toolbar", children }: { label: string; className?: string; children: ReactNode }) {
  return (
    <form className={className} role="search" aria-label={label} onSubmit={(e) => e.preventDefault()}>
      {children}
    </form>
  );
}

interface TextFilterProps {
  id: string;
  label: string;
  /** The value in the address. */
  value: string;
  /** Called after a pause in typing, with what was typed. */
  onCommit: (value: string) => void;
  type?: "search" | "text";
  className?: string;
  placeholder?: string;
  maxLength?: number;
}

/** A text filter that changes the list after a pause in typing (see useTypedFilter). */
export function TextFilter({ id, label, value, onCommit, type = "search", className, placeholder, maxLength }: TextFilterProps) {
  const [typed, setTyped] = useTypedFilter(value, onCommit);
  return (
    <div className={className ? `field ${className}` : "field"}>
      <label htmlFor={id}>{label}</label>
      <input id={id} type={type === "search" ? "search" : undefined} value={typed} maxLength={maxLength} placeholder={placeholder} onChange={(e) => setTyped(e.target.value)} />
    </div>
  );
}

interface SelectFilterProps<V extends string> {
  id: string;
  label: string;
  value: V;
  onChange: (value: V) => void;
  /** The options in order; `""` is "any". */
  options: readonly { value: V; label: string }[];
}

export function SelectFilter<V extends string>({ id, label, value, onChange, options }: SelectFilterProps<V>) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as V)}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function CheckFilter({ label, checked, onChange, className = "check" }: { label: string; checked: boolean; onChange: (checked: boolean) => void; className?: string }) {
  return (
    <label className={className}>
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {label}
    </label>
  );
}
