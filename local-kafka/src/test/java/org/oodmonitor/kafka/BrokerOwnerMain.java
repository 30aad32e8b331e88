package org.oodmonitor.kafka;

import org.oodmonitor.kafka.internal.KraftBrokerProcess;

/** A JVM that starts a broker, prints its pid and waits: the test then kills this JVM. */
public final class BrokerOwnerMain {

    private BrokerOwnerMain() {}

    public static void main(String[] args) throws InterruptedException {
        KafkaBroker broker = LocalKafka.builder().mode(BrokerMode.PROCESS).build().start();
        System.out.println("broker-dir " + ((KraftBrokerProcess) broker).dataDir());
        System.out.println("broker-pid " + ((KraftBrokerProcess) broker).pid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
