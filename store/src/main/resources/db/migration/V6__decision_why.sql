-- The typed reason of a scaling decision (ScalingDecision.Why); rows written before stay NULL.
ALTER TABLE scaling_decision ADD COLUMN why VARCHAR(32) NULL AFTER target_workers;
