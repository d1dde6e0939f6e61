package dev.glasshouse.driver.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The columns a misspelt name probably meant: those closest to it by edit distance (Levenshtein, ignoring case),
 * if close enough — at most a third of the name's length, and at least one edit, so "contry" finds "country" but
 * "id" does not find "ts".
 */
final class ColumnSuggestions {
    private static final int MAX_SUGGESTIONS = 3;

    private ColumnSuggestions() {
    }

    /** The closest names, best first (ties in schema order); empty when none is close. */
    static List<String> closest(String name, List<String> available) {
        String wanted = name.toLowerCase(Locale.ROOT);
        int limit = Math.max(1, wanted.length() / 3);
        int best = Integer.MAX_VALUE;
        List<String> closest = new ArrayList<>();
        for (String candidate : available) {
            int distance = distance(wanted, candidate.toLowerCase(Locale.ROOT));
            if (distance > limit || distance > best) continue;
            if (distance < best) {
                best = distance;
                closest.clear();
            }
            if (!closest.contains(candidate)) closest.add(candidate);
        }
        return closest.size() > MAX_SUGGESTIONS ? closest.subList(0, MAX_SUGGESTIONS) : closest;
    }

    /** "Did you mean 'country'? " or "Did you mean 'a' or 'b'? ", or "" when nothing is close. */
    static String didYouMean(String name, List<String> available) {
        List<String> closest = closest(name, available);
        if (closest.isEmpty()) return "";
        return "Did you mean '" + String.join("' or '", closest) + "'? ";
    }

    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) previous[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
