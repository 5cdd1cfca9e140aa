package io.logwise.workflows.kafka;

/** Input of {@link KafkaActivities#observeTopics}. */
public record ObserveTopicsRequest(String tenant) {}
