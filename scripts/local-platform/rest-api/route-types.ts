/**
 * The REST API's methods as a deployment describes them: plain data, so the local deployment can
 * hold its routes without depending on the server.
 */

/** The methods a REST API resource can have besides OPTIONS, which CORS answers. */
export type RestApiMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';

export type RestApiAuthorization = 'AWS_IAM' | 'NONE';

interface RestApiMethodSettings {
  readonly method: RestApiMethod;
  /** The resource path without the stage, e.g. `/v1/recommendations/{user_id}`. */
  readonly resourcePath: string;
  readonly authorization: RestApiAuthorization;
}

/**
 * One method of one resource: integrated with a function (Lambda proxy, payload format 1.0), or
 * a mock integration that answers a fixed response (the API Gateway `MOCK` type with a static
 * integration response).
 */
export type RestApiRoute = RestApiMethodSettings &
  (
    | { readonly functionName: string }
    | {
        readonly mockResponse: {
          readonly statusCode: number;
          readonly contentType: string;
          readonly body: string;
        };
      }
  );
