package io.logwise.api.resources;

import io.logwise.config.ScalingSettings;
import io.logwise.policy.scaling.ScalingConfig;

/** Tenant configuration to the policy's knobs. */
public final class ScalingConfigs {

  private ScalingConfigs() {}

  public static ScalingConfig from(ScalingSettings s) {
    return new ScalingConfig(
        s.getPolicy(),
        s.getHistorySize(),
        s.getPerCoreRecordsPerBatch(),
        s.getCoresPerWorker(),
        s.getMinWorkers(),
        s.getMaxWorkers(),
        s.getMinUpscaleStep(),
        s.getMaxUpscaleStep(),
        s.getMinDownscaleStep(),
        s.getMaxDownscaleStep(),
        s.getMaxDownscaleFraction(),
        s.isEnableUpscale(),
        s.isEnableDownscale());
  }
}
