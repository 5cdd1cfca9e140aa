package io.logwise.activities.fleet;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.logwise.workflows.LogwiseFailures;
import io.temporal.failure.ApplicationFailure;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * AWS's exact ValidationError reply, which moto does not produce (it accepts a desired capacity
 * above the group's max): here the group's max shrank between our describe and our set.
 */
class AsgValidationErrorTest {

  private WireMockServer aws;

  @BeforeEach
  void start() {
    aws = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
    aws.start();
    aws.stubFor(
        post(urlEqualTo("/"))
            .withRequestBody(containing("Action=DescribeAutoScalingGroups"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/xml")
                    .withBody(
                        "<DescribeAutoScalingGroupsResponse xmlns=\"http://autoscaling.amazonaws.com/doc/2011-01-01/\"><DescribeAutoScalingGroupsResult><AutoScalingGroups><member>"
                            + "<AutoScalingGroupName>spark-workers</AutoScalingGroupName><MinSize>1</MinSize><MaxSize>8</MaxSize><DesiredCapacity>2</DesiredCapacity>"
                            + "<Instances></Instances></member></AutoScalingGroups></DescribeAutoScalingGroupsResult><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></DescribeAutoScalingGroupsResponse>")));
    aws.stubFor(
        post(urlEqualTo("/"))
            .withRequestBody(containing("Action=SetDesiredCapacity"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "text/xml")
                    .withBody(
                        "<ErrorResponse xmlns=\"http://autoscaling.amazonaws.com/doc/2011-01-01/\"><Error><Type>Sender</Type><Code>ValidationError</Code>"
                            + "<Message>New SetDesiredCapacity value 6 is above max value 5 for the AutoScalingGroup.</Message></Error><RequestId>r2</RequestId></ErrorResponse>")));
  }

  @AfterEach
  void stop() {
    aws.stop();
  }

  @Test
  void aValidationErrorIsANonRetryableConfigFailureWithAwsMessage() {
    var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    URI endpoint = URI.create(aws.baseUrl());
    try (AutoScalingClient asg =
            AutoScalingClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(creds)
                .build();
        Ec2Client ec2 =
            Ec2Client.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(creds)
                .build()) {
      AsgWorkerFleet fleet = new AsgWorkerFleet(asg, ec2, "spark-workers");

      assertThatThrownBy(() -> fleet.scaleUp(6))
          .isInstanceOfSatisfying(
              ApplicationFailure.class,
              f -> {
                assertThat(f.getType()).isEqualTo(LogwiseFailures.BAD_CONFIG);
                assertThat(f.isNonRetryable()).isTrue();
                assertThat(f.getOriginalMessage()).contains("above max value 5");
              });
    }
    assertThat(
            aws.findAll(
                com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlEqualTo("/"))
                    .withRequestBody(containing("DesiredCapacity=6"))
                    .withRequestBody(containing("HonorCooldown=false"))))
        .hasSize(1);
  }
}
