package org.oodmonitor.cli.job;

import picocli.CommandLine.Option;

/**
 * Where {@code run} and {@code replay} submit their job: a Flink cluster's REST API, the job's
 * parallelism and the job jar; without {@code --cluster} the job runs here.
 */
final class ClusterSubmitOptions {

    @Option(
            names = "--cluster",
            paramLabel = "URL",
            description = "Submit to the Flink cluster whose REST API is at http://HOST:PORT.")
    String cluster;

    @Option(
            names = "--parallelism",
            paramLabel = "P",
            defaultValue = "1",
            description = "With --cluster: the job's parallelism (default: ${DEFAULT-VALUE}).")
    private int parallelism;

    @Option(
            names = "--jar",
            paramLabel = "JAR",
            description =
                    "With --cluster: the job jar (default: the one the build wrote,"
                            + " flink-job/target/ood-flink-job-*-job.jar).")
    String jar;

    /**
     * The job's parallelism.
     *
     * @throws IllegalArgumentException unless it is positive
     */
    int parallelism() {
        if (parallelism < 1) {
            throw new IllegalArgumentException(
                    "--parallelism wants a positive integer, not " + parallelism);
        }
        return parallelism;
    }
}
