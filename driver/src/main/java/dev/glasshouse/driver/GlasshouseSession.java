package dev.glasshouse.driver;

import akka.actor.CoordinatedShutdown;
import akka.actor.typed.ActorSystem;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.glasshouse.core.cluster.ClusterNode;
import dev.glasshouse.core.exec.PartitionSink;
import dev.glasshouse.core.format.FileFormat;
import dev.glasshouse.core.protocol.DriverProtocol;
import dev.glasshouse.core.protocol.ExecutorInfo;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.s3.ObjectStore;
import dev.glasshouse.core.s3.S3Settings;
import dev.glasshouse.core.cache.CacheMissException;
import dev.glasshouse.driver.cache.CacheLocations;
import dev.glasshouse.driver.chaos.TaskFailureInjector;
import dev.glasshouse.driver.cache.CacheManager;
import dev.glasshouse.driver.output.FileOutputCommitter;
import dev.glasshouse.driver.output.SaveMode;
import dev.glasshouse.driver.planner.InputSplitter;
import dev.glasshouse.driver.planner.JobPlan;
import dev.glasshouse.driver.planner.PhysicalNode;
import dev.glasshouse.driver.planner.StagePlanner;
import dev.glasshouse.driver.planner.SplitSource;
import dev.glasshouse.driver.scheduler.JobResult;
import dev.glasshouse.driver.scheduler.SchedulerEvent;
import dev.glasshouse.driver.scheduler.SchedulerSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The entry point of a Glasshouse application, like Spark's {@code SparkSession}: this process becomes the
 * driver. It joins the cluster, gets executors from the cluster-manager, and turns each action into a job.
 *
 * <p>Actions block the calling thread until their job ends. Run them from one thread at a time.
 */
public final class GlasshouseSession implements AutoCloseable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(GlasshouseSession.class);
    /** Plans of one action, at most: each re-plan follows a cached partition lost after the previous plan. */
    private static final int MAX_CACHE_MISS_REPLANS = 3;
    /** Replaced whole by {@link #setConf}; read by actions on the calling thread. */
    private volatile Config config;
    private final String applicationId;
    private final ActorSystem<DriverProtocol.Command> system;
    private final ObjectStore store;
    /** S3 paths of the application's own jars, uploaded at start; every task launch carries them. */
    private final List<String> applicationJars;
    private final InputSplitter splitter;
    private final PrintStream out;
    private final AtomicInteger jobIds = new AtomicInteger();
    private final AtomicInteger stageIds = new AtomicInteger();
    private final AtomicInteger shuffleIds = new AtomicInteger();
    private final AtomicLong tasksLaunched = new AtomicLong();
    private final Map<String, ExecutorInfo> executors = new ConcurrentHashMap<>();
    private final List<JobResult> completedJobs = new CopyOnWriteArrayList<>();
    private final DirectResults directResults = new DirectResults();
    private final ResultFetcher results = new ResultFetcher(directResults);
    private final CacheManager cacheManager = new CacheManager();
    private final CacheLocations cacheLocations = new CacheLocations();
    private final dev.glasshouse.driver.sql.Catalog catalog = new dev.glasshouse.driver.sql.Catalog(this::readFiles);

    private GlasshouseSession(Builder builder) {
        this.config = builder.config();
        SchedulerSettings scheduling = SchedulerSettings.fromConfig(config); // a wrong value fails before any upload
        this.applicationId = "app-" + System.currentTimeMillis() + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.out = builder.out;
        this.store = new ObjectStore(S3Settings.fromConfig(config));
        try {
            this.applicationJars = ApplicationJars.upload(store, config, applicationId);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        this.splitter = new InputSplitter(store, config.getBytes("glasshouse.driver.max-split-bytes"));
        Consumer<SchedulerEvent> listener = event -> {
            record(event);
            builder.listener.accept(event);
        };
        DriverActor.Request request = new DriverActor.Request(
                config.getInt("glasshouse.driver.executors"),
                config.getInt("glasshouse.driver.executor-cores"),
                config.getInt("glasshouse.driver.executor-memory-mb"),
                config.getDuration("glasshouse.driver.executor-wait"),
                scheduling, TaskFailureInjector.fromConfig(config));
        this.system = ClusterNode.start(DriverActor.create(applicationId, request,
                DriverActor.Liveness.fromConfig(config), cacheLocations, applicationJars, directResults, listener),
                ClusterNode.Role.DRIVER, config, 0);
    }

    public static Builder builder() {
        return new Builder();
    }

    public DataFrameReader read() {
        return new DataFrameReader(this);
    }

    /** {@code range(0, end)}. */
    public DataFrame range(long end) {
        return range(0, end);
    }

    /** {@code range(start, end, 1)}. */
    public DataFrame range(long start, long end) {
        return range(start, end, 1);
    }

    /** {@code range(start, end, step, p)} with one partition per task slot the application asks for. */
    public DataFrame range(long start, long end, long step) {
        return range(start, end, step, Math.max(1, config.getInt("glasshouse.driver.executors")
                * config.getInt("glasshouse.driver.executor-cores")));
    }

    /**
     * The numbers {@code start, start + step, ...} below {@code end} (above it for a negative step) in one
     * {@code long} column {@code id}, in {@code partitions} slices of nearly equal size, like Spark's
     * {@code spark.range}. Reads nothing: {@code range(0, n, 1, n).collect()} measures the engine's per-task cost.
     *
     * @throws IllegalArgumentException when step is 0 or partitions is below 1
     */
    public DataFrame range(long start, long end, long step, int partitions) {
        return new DataFrame(this, new dev.glasshouse.core.plan.Range(start, end, step, partitions));
    }

    /** Temporary views for {@link #sql}; {@code csv.`path`} in SQL reads with a header and inferred types. */
    public dev.glasshouse.driver.sql.Catalog catalog() {
        return catalog;
    }

    /** How SQL reads {@code format.`path`}: as Spark does, CSV with a header and inferred types. */
    private DataFrame readFiles(String format, String path) {
        return switch (format) {
            case "csv" -> read().option("header", true).option("inferSchema", true).csv(path);
            case "json" -> read().json(path);
            case "parquet" -> read().parquet(path);
            default -> throw new IllegalArgumentException("unknown file format '" + format + "'");
        };
    }

    /** Translates a SQL query into a lazy DataFrame over the registered views; runs nothing. */
    public DataFrame sql(String query) {
        return new dev.glasshouse.driver.sql.SqlTranslator(catalog).translate(query);
    }

    public String applicationId() {
        return applicationId;
    }

    /**
     * Where the application's own jars ({@code glasshouse.application.jars}) were uploaded for the executors, as
     * {@code s3://} paths; empty when it ships none.
     */
    public List<String> applicationJars() {
        return applicationJars;
    }

    /** Jobs this application has completed, oldest first (summaries with per-stage metrics). */
    public List<JobResult> completedJobs() {
        return List.copyOf(completedJobs);
    }

    /** Task attempts launched so far, on any executor. Zero until the first action. */
    public long tasksLaunched() {
        return tasksLaunched.get();
    }

    /** Executors this application has been given, by id (lost ones included). */
    public Map<String, ExecutorInfo> executors() {
        return Map.copyOf(executors);
    }

    /** The driver's own S3 client (listing, schema inference, commit); its request count shows driver-side reads. */
    public ObjectStore objectStore() {
        return store;
    }

    CacheManager cacheManager() {
        return cacheManager;
    }

    /** How many partitions of a persisted dataset some executor holds, as the driver last heard. */
    int cachedPartitions(int datasetId) {
        return cacheLocations.cachedPartitions(datasetId);
    }

    /** Tells the executors to drop a dataset's cached partitions (and forgets where they were). */
    void unpersist(int datasetId) {
        system.tell(new DriverActor.Unpersist(datasetId));
    }

    int shufflePartitions() {
        return config.getInt("glasshouse.driver.shuffle-partitions");
    }

    /**
     * Changes a setting for the queries planned from now on, like Spark's {@code spark.conf.set}: planning
     * settings such as {@code glasshouse.driver.shuffle-partitions} and
     * {@code glasshouse.driver.auto-broadcast-join-threshold}. Executors and the cluster are not affected.
     */
    public void setConf(String key, Object value) {
        config = config.withValue(key, ConfigValueFactory.fromAnyRef(value));
    }

    /** The largest join side broadcast instead of shuffled, in bytes; -1 when broadcasts are off. */
    long broadcastThreshold() {
        String key = "glasshouse.driver.auto-broadcast-join-threshold";
        return config.getString(key).trim().startsWith("-") ? -1 : config.getBytes(key);
    }

    SplitSource splitSource() {
        return splitter;
    }

    PrintStream out() {
        return out;
    }

    List<Row> collect(QueryExecution query, int limit) {
        PlannedJob job = planAndRun(() -> plan(query, PartitionSink.ResultBlock::new));
        return fetchResults(job.plan(), job.result(), limit);
    }

    private record PlannedJob(JobPlan plan, JobResult result) {
    }

    /**
     * Plans and runs a job. A job planned to read cached partitions without their lineage fails at once when an
     * executor has lost one of them meanwhile; the location is then forgotten, and planning again brings the
     * lineage back, so the partition is recomputed rather than failing the user's action.
     */
    private PlannedJob planAndRun(java.util.function.Supplier<JobPlan> planner) {
        for (int attempt = 1; ; attempt++) {
            JobPlan plan = planner.get();
            try {
                return new PlannedJob(plan, runJob(plan));
            } catch (JobFailedException e) {
                if (attempt >= MAX_CACHE_MISS_REPLANS || !String.valueOf(e.getMessage()).contains(CacheMissException.PREFIX)) {
                    throw e;
                }
                log.info("application {}: {}; planning the job again with the lineage of the missing partitions",
                        applicationId, e.getMessage());
            }
        }
    }

    private List<Row> fetchResults(JobPlan plan, JobResult result, int limit) {
        try {
            return results.fetch(applicationId, result.jobId(), plan.resultStage().id(),
                    plan.resultStage().outputSchema(), result.resultTasks(), limit);
        } catch (IOException e) {
            throw new UncheckedIOException("could not fetch the job's results from the executors: " + e.getMessage(), e);
        }
    }

    void writeFiles(QueryExecution query, String path, FileFormat format, SaveMode mode,
                    List<String> partitionBy) {
        FileOutputCommitter committer = new FileOutputCommitter(store, path);
        if (!committer.checkMode(mode)) return;
        int jobId = jobIds.get();
        String temporary = committer.temporaryPrefix(applicationId, jobId);
        try {
            committer.setupJob(temporary);
            PlannedJob job = planAndRun(() -> plan(query, schema -> new PartitionSink.FileWrite(temporary, schema,
                    format, partitionPositions(schema, partitionBy))));
            // The scheduler's result tasks hold the one accepted attempt of each partition: only its files are
            // published (FileOutputCommitter states the invariants).
            committer.commit((PartitionSink.FileWrite) job.plan().resultStage().sink(), job.result().resultTasks(),
                    job.plan().resultStage().partitions(), mode);
        } catch (RuntimeException e) {
            try {
                committer.abort(temporary);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup); // the job's own failure is the one to report
            }
            throw e;
        }
    }

    private static int[] partitionPositions(dev.glasshouse.core.types.Schema schema, List<String> columns) {
        int[] positions = new int[columns.size()];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = schema.indexOf(columns.get(i));
            if (positions[i] < 0) {
                throw new dev.glasshouse.driver.analysis.AnalysisException("partition column '" + columns.get(i)
                        + "' is not a column of the data: its columns are " + schema.names());
            }
        }
        if (positions.length > 0 && positions.length == schema.size()) {
            throw new dev.glasshouse.driver.analysis.AnalysisException("cannot partition by every column "
                    + columns + ": at least one column must stay in the files");
        }
        return positions;
    }

    private JobPlan plan(QueryExecution query, java.util.function.Function<dev.glasshouse.core.types.Schema, PartitionSink> sink) {
        return query.jobPlan(splitter, stageIds::getAndIncrement, shuffleIds::getAndIncrement, this::collectSample,
                cacheLocations::allCached, sink);
    }

    /**
     * Runs the sampling job of a range exchange (a job of its own, listed in {@link #completedJobs()}) and
     * returns its rows.
     */
    private List<Row> collectSample(PhysicalNode samplingPlan) {
        JobPlan plan = new StagePlanner(splitter, stageIds::getAndIncrement, shuffleIds::getAndIncrement,
                this::collectSample).plan(samplingPlan, PartitionSink.ResultBlock::new);
        return fetchResults(plan, runJob(plan), Integer.MAX_VALUE);
    }

    /** Submits the job to the driver actor and waits for it to succeed or fail. */
    JobResult runJob(JobPlan plan) {
        CompletableFuture<JobResult> done = new CompletableFuture<>();
        system.tell(new DriverActor.SubmitJob(jobIds.getAndIncrement(), plan, done));
        try {
            JobResult result = done.get();
            completedJobs.add(result);
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobFailedException("interrupted while waiting for the job");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) throw runtime;
            throw new JobFailedException(e.getCause().toString());
        }
    }

    private void record(SchedulerEvent event) {
        if (event instanceof SchedulerEvent.TaskStarted) {
            tasksLaunched.incrementAndGet();
        } else if (event instanceof SchedulerEvent.ExecutorAdded added) {
            executors.put(added.executor().executorId(), added.executor());
        }
    }

    /** Gives the executors back to the cluster-manager and leaves the cluster. */
    @Override
    public void close() {
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        system.tell(new DriverActor.Stop(stopped));
        try {
            stopped.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Leaving the cluster below still releases the executors: the cluster-manager watches drivers.
        }
        // Leaves the cluster (Leaving, Exiting, Removed) before the actor system stops, so other members never
        // see this driver as unreachable.
        try {
            CoordinatedShutdown.get(system).runAll(CoordinatedShutdown.clusterLeavingReason())
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            system.terminate();
        }
        try {
            ApplicationJars.delete(store, applicationJars);
        } catch (RuntimeException e) {
            out.println("could not delete the application's jars from S3: " + e.getMessage());
        }
        store.close();
    }

    /** Settings of a session; anything not set comes from configuration ({@code glasshouse.*}). */
    public static final class Builder {
        private Config overrides = ConfigFactory.empty();
        private Consumer<SchedulerEvent> listener = event -> { };
        private PrintStream out = System.out;

        /** The cluster-manager's address, {@code host:port}. */
        public Builder master(String hostPort) {
            return config("glasshouse.cluster.master", hostPort);
        }

        public Builder config(String key, Object value) {
            overrides = overrides.withValue(key, ConfigValueFactory.fromAnyRef(value));
            return this;
        }

        public Builder config(Config config) {
            overrides = config.withFallback(overrides);
            return this;
        }

        /**
         * Local jars holding the application's own classes (its lambdas and what they use), shipped to the
         * executors: sets {@code glasshouse.application.jars}. {@code glasshouse submit --jar} sets it for you.
         */
        public Builder jars(String... localPaths) {
            return config("glasshouse.application.jars", List.of(localPaths));
        }

        /**
         * Receives every scheduler event, on the driver actor's thread: keep it quick. Several listeners hear each
         * event in the order they were added.
         */
        public Builder listener(Consumer<SchedulerEvent> listener) {
            this.listener = this.listener.andThen(listener);
            return this;
        }

        /** Where {@code show()} and {@code explain()} print. */
        public Builder out(PrintStream out) {
            this.out = out;
            return this;
        }

        Config config() {
            return overrides.withFallback(ConfigFactory.load()).resolve();
        }

        public GlasshouseSession getOrCreate() {
            return new GlasshouseSession(this);
        }
    }

}
