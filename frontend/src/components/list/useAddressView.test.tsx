/** @vitest-environment happy-dom */
import { act } from "react";
import { MemoryRouter, useLocation, useNavigate } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderHook } from "../../testing/renderHook";
import { choiceField, filtersCodec, flagField, textField } from "./address";
import { useAddressView } from "./useAddressView";
import { TYPING_PAUSE_MS, useTypedFilter } from "./useTypedFilter";

const codec = filtersCodec({ search: textField("q"), kind: choiceField("kind", ["A", "B"] as const, "A"), on: flagField("on") });

function listAt(address: string) {
  return renderHook(
    () => ({ list: useAddressView(codec), location: useLocation(), navigate: useNavigate() }),
    (children) => <MemoryRouter initialEntries={[address]}>{children}</MemoryRouter>,
  );
}

describe("useAddressView: a list's view in the address", () => {
  it("reads the view from the address, forgiving what it does not understand", () => {
    const { result } = listAt("/things?q=soap&kind=Z&on=1");
    expect(result.current.list.view).toEqual({ search: "soap", kind: "A", on: true });
  });

  it("shows a change at once and writes it to the address, defaults left out", () => {
    const { result } = listAt("/things?q=soap");
    act(() => result.current.list.show({ search: "soap", kind: "", on: true }));
    expect(result.current.list.view).toEqual({ search: "soap", kind: "", on: true });
    expect(result.current.location.pathname).toBe("/things");
    expect(result.current.location.search).toBe("?q=soap&kind=all&on=1");
    act(() => result.current.list.show({ search: "", kind: "A", on: false }));
    expect(result.current.location.search).toBe("");
    expect(result.current.list.view).toEqual({ search: "", kind: "A", on: false });
  });

  it("follows the address when it changes otherwise (back button, a link)", () => {
    const { result } = listAt("/things");
    act(() => result.current.list.show({ search: "x", kind: "B", on: false }));
    act(() => result.current.navigate(-1));
    expect(result.current.list.view).toEqual({ search: "", kind: "A", on: false });
    act(() => result.current.navigate("/things?kind=B"));
    expect(result.current.list.view).toEqual({ search: "", kind: "B", on: false });
  });

  it("pushes a change to the history, or replaces the entry (typing)", () => {
    const { result } = listAt("/things?on=1");
    act(() => result.current.list.show({ search: "", kind: "B", on: true }));
    act(() => result.current.list.show({ search: "a", kind: "B", on: true }, true));
    act(() => result.current.list.show({ search: "ab", kind: "B", on: true }, true));
    expect(result.current.location.search).toBe("?q=ab&kind=B&on=1");
    // Back goes past all the typing at once, to the address before it.
    act(() => result.current.navigate(-1));
    expect(result.current.location.search).toBe("?on=1");
    expect(result.current.list.view).toEqual({ search: "", kind: "A", on: true });
  });
});

describe("useTypedFilter: a text filter applied after a pause in typing", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  function typedFilter(initial: string) {
    const commit = vi.fn();
    let value = initial;
    const { result } = renderHook(() => useTypedFilter(value, commit));
    return { result, commit, setValue: (next: string) => (value = next) };
  }

  it("follows the typing at once and commits once the typing pauses", () => {
    vi.useFakeTimers();
    const { result, commit } = typedFilter("");
    act(() => result.current[1]("s"));
    act(() => result.current[1]("so"));
    act(() => result.current[1]("soap"));
    expect(result.current[0]).toBe("soap");
    act(() => vi.advanceTimersByTime(TYPING_PAUSE_MS - 1));
    expect(commit).not.toHaveBeenCalled();
    act(() => vi.advanceTimersByTime(1));
    expect(commit).toHaveBeenCalledTimes(1);
    expect(commit).toHaveBeenCalledWith("soap");
  });

  it("commits nothing for spaces around what is already applied", () => {
    vi.useFakeTimers();
    const { result, commit } = typedFilter("soap");
    act(() => result.current[1](" soap "));
    act(() => vi.advanceTimersByTime(TYPING_PAUSE_MS * 2));
    expect(commit).not.toHaveBeenCalled();
  });
});
