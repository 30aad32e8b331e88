package org.oodmonitor.schemas;

import java.io.Serializable;

/**
 * How a window's verdicts compare with those of a shadow version that scored the same events (in
 * {@code ood-rate-window} since version 3).
 *
 * @param shadowVersion the shadow version
 * @param shadowChecksum SHA-256 of its manifest
 * @param eventCount the window's events both versions scored
 * @param bothOod of which both found OOD
 * @param liveOnly of which only the live version found OOD
 * @param shadowOnly of which only the shadow version found OOD
 */
public record ShadowAgreement(
        String shadowVersion,
        String shadowChecksum,
        long eventCount,
        long bothOod,
        long liveOnly,
        long shadowOnly)
        implements Serializable {}
