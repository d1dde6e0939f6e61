package dev.glasshouse.core.expr;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How function calls print: {@code upper(country#2)} in plans ({@code toString}) and {@code upper(country)} as an
 * unaliased output column name, the way Spark names them.
 */
final class FunctionText {
    private FunctionText() {
    }

    static String plan(String function, List<?> arguments) {
        return text(function, arguments, Object::toString);
    }

    static String outputName(String function, List<?> arguments) {
        return text(function, arguments, a -> a instanceof Expression e ? e.outputName() : a.toString());
    }

    private static String text(String function, List<?> arguments, Function<Object, String> show) {
        return arguments.stream().map(show).collect(Collectors.joining(", ", function + "(", ")"));
    }
}
