package dev.glasshouse.cli;

import dev.glasshouse.core.datagen.CustomersDataGenerator;
import dev.glasshouse.core.datagen.SalesDataGenerator;
import dev.glasshouse.core.s3.ObjectStore;
import dev.glasshouse.core.s3.S3Path;
import dev.glasshouse.core.s3.S3Settings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code glasshouse datagen}: deterministic sales CSV files in S3. */
@Command(name = "datagen", mixinStandardHelpOptions = true,
        description = "Write deterministic sales CSV (order_id,customer_id,country,product,amount,ts), or with "
                + "--customers the customers CSV (customer_id,name,segment), to S3.")
public final class DatagenCommand implements Callable<Integer> {

    @Option(names = "--rows", defaultValue = "100000", description = "rows in total (default: ${DEFAULT-VALUE})")
    long rows;

    @Option(names = "--files", defaultValue = "4", description = "files to spread them over (default: ${DEFAULT-VALUE})")
    int files;

    @Option(names = "--seed", defaultValue = "42", description = "same seed, same data (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--customers", description = "write the customers table (customer_id,name,segment; the "
            + CustomersDataGenerator.SALES_CUSTOMERS + " ids sales rows use) instead of sales")
    boolean customers;

    @Parameters(index = "0", paramLabel = "S3_PATH", description = "destination prefix, e.g. s3://raw/sales/")
    String path;

    @Mixin
    S3Options s3;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (rows < 0 || files < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--rows must be >= 0 and --files >= 1");
        }
        S3Path prefix = S3Path.parse(path);
        try (ObjectStore store = new ObjectStore(S3Settings.fromConfig(s3.config()))) {
            if (customers) {
                long bytes = new CustomersDataGenerator(CustomersDataGenerator.SALES_CUSTOMERS, seed)
                        .writeTo(store, prefix);
                System.out.printf("wrote %,d customers in 1 file, %,d bytes, to %s%n",
                        CustomersDataGenerator.SALES_CUSTOMERS, bytes, prefix);
                return 0;
            }
            long bytes = new SalesDataGenerator(rows, files, seed).writeTo(store, prefix);
            System.out.printf("wrote %,d rows in %d file(s), %,d bytes, to %s%n", rows, files, bytes, prefix);
        }
        return 0;
    }
}
