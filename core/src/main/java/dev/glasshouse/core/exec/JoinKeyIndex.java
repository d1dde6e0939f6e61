package dev.glasshouse.core.exec;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The hash table of a join's build side: key → the indexes of the build rows with that key, in the order they
 * were added. Rows with the same key are chained through one int array, so a key costs no list.
 *
 * <p>When every key is a {@code Long} (a join on one long column, by far the most common), the keys move into an
 * open-addressing table of primitive longs once the build side is complete: a probe then reads two arrays at one
 * slot instead of following a chain of objects through the heap, which for a table larger than the CPU caches is
 * most of the cost of a probe. A probe key of another class matches nothing there, as {@code Long.equals} says.
 */
final class JoinKeyIndex {
    static final int NONE = -1;

    /** Until {@link #seal()}: key → {first, last} row index. */
    private Map<Object, int[]> heads = new HashMap<>();
    private boolean allLong = true;
    /** next[i]: the next row after row i with the same key, or NONE. */
    private int[] next = new int[1024];
    private int rows;
    // After seal(), for all-Long keys:
    private long[] longKeys;
    private int[] longFirst;
    private int mask;

    /** Adds build row {@code index} (indexes must come in increasing order, each once) under {@code key}. */
    void add(Object key, int index) {
        if (index >= next.length) next = Arrays.copyOf(next, Math.max(index + 1, next.length * 2));
        next[index] = NONE;
        rows = Math.max(rows, index + 1);
        allLong &= key instanceof Long;
        int[] chain = heads.get(key);
        if (chain == null) {
            heads.put(key, new int[] {index, index});
        } else {
            next[chain[1]] = index;
            chain[1] = index;
        }
    }

    /** Ends the building; probes come next. */
    void seal() {
        if (!allLong || heads.isEmpty()) return;
        int capacity = Integer.highestOneBit(Math.max(2, heads.size() * 2 - 1)) << 1;
        longKeys = new long[capacity];
        longFirst = new int[capacity];
        Arrays.fill(longFirst, NONE);
        mask = capacity - 1;
        for (Map.Entry<Object, int[]> entry : heads.entrySet()) {
            long key = (Long) entry.getKey();
            int slot = slot(key);
            while (longFirst[slot] != NONE) slot = (slot + 1) & mask;
            longKeys[slot] = key;
            longFirst[slot] = entry.getValue()[0];
        }
        heads = null;
    }

    /** The first build row with this key, or {@link #NONE}. */
    int first(Object key) {
        if (heads != null) {
            int[] chain = heads.get(key);
            return chain == null ? NONE : chain[0];
        }
        if (longKeys == null || !(key instanceof Long)) return NONE;
        long k = (Long) key;
        for (int slot = slot(k); longFirst[slot] != NONE; slot = (slot + 1) & mask) {
            if (longKeys[slot] == k) return longFirst[slot];
        }
        return NONE;
    }

    /** The build row after {@code index} with the same key, or {@link #NONE}. */
    int next(int index) {
        return next[index];
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
