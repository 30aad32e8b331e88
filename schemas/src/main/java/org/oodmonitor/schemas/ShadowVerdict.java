package org.oodmonitor.schemas;

import java.io.Serializable;

/**
 * A shadow model version's verdict on an event, carried beside the live score inside the job so
 * that the event's window can count where the two agree; never written to a topic.
 *
 * @param modelVersion the shadow version
 * @param modelChecksum SHA-256 of its manifest
 * @param ood whether it finds the event OOD
 */
public record ShadowVerdict(String modelVersion, String modelChecksum, boolean ood)
        implements Serializable {}
