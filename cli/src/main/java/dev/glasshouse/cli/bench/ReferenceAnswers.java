package dev.glasshouse.cli.bench;

import dev.glasshouse.core.datagen.CustomersDataGenerator;
import dev.glasshouse.core.row.Row;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The expected answers of the data jobs, computed without the engine: fed every generated sales row (in the pass
 * that writes them), it counts and sums in plain Java, with exact integer cents. The segment of a sale's customer
 * comes from the customers generator directly, not from the customers file.
 */
final class ReferenceAnswers implements Consumer<Row> {
    private final CustomersDataGenerator customers;
    private final Map<String, Long> countByCountry = new HashMap<>();
    private final Map<String, Long> countByCountryOver50 = new HashMap<>();
    private final Map<String, Long> centsBySegment = new HashMap<>();

    ReferenceAnswers(CustomersDataGenerator customers) {
        this.customers = customers;
    }

    /** Takes one sales row: order_id, customer_id, country, product, amount, ts. */
    @Override
    public void accept(Row row) {
        long customerId = (Long) row.get(1);
        String country = (String) row.get(2);
        double amount = (Double) row.get(4);
        countByCountry.merge(country, 1L, Long::sum);
        if (amount > 50) countByCountryOver50.merge(country, 1L, Long::sum);
        // Amounts have two decimals: amount * 100 is within rounding of a whole number of cents.
        centsBySegment.merge(customers.segment(customerId), Math.round(amount * 100), Long::sum);
    }

    Map<BenchJob, Answer> answers() {
        Map<BenchJob, Answer> answers = new EnumMap<>(BenchJob.class);
        answers.put(BenchJob.GROUPBY, Answer.ofExactCounts(countByCountry));
        answers.put(BenchJob.FILTER_GROUPBY, Answer.ofExactCounts(countByCountryOver50));
        answers.put(BenchJob.JOIN, Answer.ofExactCents(centsBySegment));
        return answers;
    }
}
