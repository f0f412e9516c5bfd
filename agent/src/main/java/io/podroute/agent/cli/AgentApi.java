package io.podroute.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.podroute.agent.api.ApiJson;
import java.util.List;

/**
 * One GET against the agent's API that must answer 200: otherwise an {@link ApiClient.ApiException}
 * with the API's {@code error} message, or why it could not be asked. The commands print that message
 * after their name and exit {@link #UNREACHABLE}.
 */
final class AgentApi {
    /** Exit status when the agent could not be reached or answered an error. */
    static final int UNREACHABLE = 2;

    private final ApiClient client;

    AgentApi(String apiText) {
        this.client = new ApiClient(apiText, ApiClient.Server.AGENT);
    }

    JsonNode get(String pathAndQuery) {
        ApiClient.Reply reply = client.get(pathAndQuery);
        if (reply.status() != 200) {
            throw new ApiClient.ApiException("the agent answered " + reply.status() + ": "
                    + reply.body().path("error").asText("(no message)"));
        }
        return reply.body();
    }

    /** The JSON as one of the records of {@code io.podroute.agent.api}. */
    static <T> T as(JsonNode json, Class<T> type) {
        try {
            return ApiJson.read(json, type);
        } catch (IllegalArgumentException e) {
            throw new ApiClient.ApiException("the agent answered JSON this CLI does not understand: " + e.getMessage());
        }
    }

    /** The JSON array as a list of records. */
    static <T> List<T> asList(JsonNode json, Class<T> type) {
        try {
            return ApiJson.readList(json, type);
        } catch (IllegalArgumentException e) {
            throw new ApiClient.ApiException("the agent answered JSON this CLI does not understand: " + e.getMessage());
        }
    }
}
