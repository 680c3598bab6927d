// Unsaved text kept in this browser (localStorage) under the page's draft key, so that a
// dropped connection or a closed tab loses nothing: {html, baseVersion, savedAt, submitted}.
// Storage can be missing or full (private windows, quotas): the editor works without it.
export function createDraftStore(key) {
  let storage = null;
  try {
    storage = key ? window.localStorage : null;
  } catch {
    storage = null;
  }
  const storageKey = key;
  const write = (value) => {
    if (!storage) return;
    try {
      storage.setItem(storageKey, JSON.stringify(value));
    } catch {
      // Full or forbidden: nothing more to do.
    }
  };
  return {
    load() {
      if (!storage) return null;
      try {
        const value = JSON.parse(storage.getItem(storageKey));
        if (value && typeof value.html === "string" && typeof value.savedAt === "string") {
          return { ...value, baseVersion: Number(value.baseVersion) || 0 };
        }
      } catch {
        // A broken entry is dropped below.
      }
      this.clear();
      return null;
    },
    save({ html, baseVersion }) {
      write({ html, baseVersion, savedAt: new Date().toISOString(), submitted: false });
    },
    markSubmitted({ html, baseVersion }) {
      write({ html, baseVersion, savedAt: new Date().toISOString(), submitted: true });
    },
    clear() {
      if (!storage) return;
      try {
        storage.removeItem(storageKey);
      } catch {
        // Forbidden: nothing to clear.
      }
    },
  };
}
