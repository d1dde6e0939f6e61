package dev.glasshouse.clustermanager;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Executor ids are {@code exec-N}, numbered from 1 and never used twice in one cluster. */
public final class ExecutorIds {
    private static final Pattern ID = Pattern.compile("exec-(\\d+)");

    private ExecutorIds() {
    }

    public static String of(int number) {
        return "exec-" + number;
    }

    /** N of {@code exec-N}; 0 for an id of another form. */
    public static int number(String executorId) {
        Matcher matcher = ID.matcher(executorId);
        return matcher.matches() ? Integer.parseInt(matcher.group(1)) : 0;
    }
}
