package org.oodmonitor.schemas;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.Serializable;

/**
 * A command of the control topic that changes which model versions the monitor serves (schema
 * {@code model-command}, version {@value #VERSION}).
 *
 * @param schemaVersion the record's schema version
 * @param commandId unique id of this command, chosen by the writer
 * @param action {@code deploy}, {@code promote}, {@code retire} or {@code cancel}
 * @param modelName the serving name (a key of {@code ood.model.dirs}) whose versions change
 * @param modelVersion the version the command is about, as its manifest states it
 * @param location the model directory, as {@code ood.model.dirs} accepts it ({@code deploy} only)
 * @param manifestSha256 SHA-256 of the version's {@code manifest.json} ({@code deploy} only)
 * @param role {@code live} or {@code shadow} ({@code deploy} only)
 * @param cancels the id of the accepted command that a {@code cancel} undoes ({@code cancel} only)
 * @param effectiveFrom event time from which the command applies, epoch milliseconds
 * @param issuedAt when the command was written, epoch milliseconds
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelCommand(
        int schemaVersion,
        String commandId,
        String action,
        String modelName,
        String modelVersion,
        String location,
        String manifestSha256,
        String role,
        String cancels,
        long effectiveFrom,
        long issuedAt)
        implements Serializable {

    /** The version this code writes. */
    public static final int VERSION = 2;

    public static final String DEPLOY = "deploy";
    public static final String PROMOTE = "promote";
    public static final String RETIRE = "retire";
    public static final String CANCEL = "cancel";
    public static final String LIVE = "live";
    public static final String SHADOW = "shadow";

    /** A {@code deploy} of the version at {@code location} in {@code role}. */
    public static ModelCommand deploy(
            String commandId,
            String modelName,
            String modelVersion,
            String location,
            String manifestSha256,
            String role,
            long effectiveFrom,
            long issuedAt) {
        return new ModelCommand(
                VERSION,
                commandId,
                DEPLOY,
                modelName,
                modelVersion,
                location,
                manifestSha256,
                role,
                null,
                effectiveFrom,
                issuedAt);
    }

    /** A {@code promote} or {@code retire} of a served version. */
    public static ModelCommand of(
            String commandId,
            String action,
            String modelName,
            String modelVersion,
            long effectiveFrom,
            long issuedAt) {
        return new ModelCommand(
                VERSION,
                commandId,
                action,
                modelName,
                modelVersion,
                null,
                null,
                null,
                null,
                effectiveFrom,
                issuedAt);
    }

    /**
     * A {@code cancel} of the accepted command {@code cancels}, which changed version {@code
     * modelVersion} of model {@code modelName}.
     */
    public static ModelCommand cancel(
            String commandId,
            String modelName,
            String modelVersion,
            String cancels,
            long effectiveFrom,
            long issuedAt) {
        return new ModelCommand(
                VERSION,
                commandId,
                CANCEL,
                modelName,
                modelVersion,
                null,
                null,
                null,
                cancels,
                effectiveFrom,
                issuedAt);
    }

    @JsonIgnore
    public boolean isDeploy() {
        return DEPLOY.equals(action);
    }

    @JsonIgnore
    public boolean isCancel() {
        return CANCEL.equals(action);
    }

    @JsonIgnore
    public boolean isShadow() {
        return SHADOW.equals(role);
    }
}
