variable "vpc_id" {
  description = "ID of the VPC the endpoints are created in (vpc-...)."
  type        = string

  validation {
    condition     = can(regex("^vpc-[0-9a-z]+$", var.vpc_id))
    error_message = "vpc_id must be a VPC ID that starts with \"vpc-\" (for example vpc-0123456789abcdef0)."
  }
}

variable "tags" {
  description = "Tags applied to every endpoint. Each endpoint's own tags override these, and Name is always the endpoint's key."
  type        = map(string)
  default     = {}
}

variable "endpoints" {
  description = <<-EOT
    VPC endpoints to create, keyed by a name that becomes the endpoint's Name tag.
    - service_name: com.amazonaws.<region>.<service>, for example com.amazonaws.ap-northeast-2.ecr.dkr;
      also com.amazonaws.vpce.<region>.vpce-svc-<id> (an endpoint service) and aws.sagemaker.<region>.<service>.
    - endpoint_type: "Interface" or "Gateway".
    - private_dns_enabled: Interface only; defaults to true.
    - subnet_ids, security_group_ids: Interface only.
    - route_table_ids: Gateway only.
    - policy: optional endpoint policy as a JSON string.
    - ip_address_type: optional, one of ipv4, dualstack, ipv6.
    - tags: optional tags for this endpoint only.
  EOT
  type = map(object({
    service_name        = string
    endpoint_type       = string
    private_dns_enabled = optional(bool)
    subnet_ids          = optional(list(string), [])
    security_group_ids  = optional(list(string), [])
    route_table_ids     = optional(list(string), [])
    policy              = optional(string)
    ip_address_type     = optional(string)
    tags                = optional(map(string), {})
  }))

  validation {
    condition     = alltrue([for e in values(var.endpoints) : contains(["Interface", "Gateway"], e.endpoint_type)])
    error_message = "endpoint_type must be \"Interface\" or \"Gateway\"; invalid for: ${join(", ", [for k, e in var.endpoints : "${k} (${e.endpoint_type})" if !contains(["Interface", "Gateway"], e.endpoint_type)])}."
  }

  validation {
    condition     = alltrue([for e in values(var.endpoints) : can(regex("^(com\\.amazonaws\\.([a-z]{2}(-[a-z]+)+-[0-9]+\\.[a-z0-9-]+(\\.[a-z0-9-]+)*|vpce\\.[a-z]{2}(-[a-z]+)+-[0-9]+\\.vpce-svc-[0-9a-f]+)|aws\\.sagemaker\\.[a-z]{2}(-[a-z]+)+-[0-9]+\\.[a-z0-9-]+(\\.[a-z0-9-]+)*)$", e.service_name))])
    error_message = "service_name must look like com.amazonaws.<region>.<service> (for example com.amazonaws.ap-northeast-2.ecr.api), com.amazonaws.vpce.<region>.vpce-svc-<id> or aws.sagemaker.<region>.<service>; invalid for: ${join(", ", [for k, e in var.endpoints : "${k} (${e.service_name})" if !can(regex("^(com\\.amazonaws\\.([a-z]{2}(-[a-z]+)+-[0-9]+\\.[a-z0-9-]+(\\.[a-z0-9-]+)*|vpce\\.[a-z]{2}(-[a-z]+)+-[0-9]+\\.vpce-svc-[0-9a-f]+)|aws\\.sagemaker\\.[a-z]{2}(-[a-z]+)+-[0-9]+\\.[a-z0-9-]+(\\.[a-z0-9-]+)*)$", e.service_name))])}."
  }

  validation {
    condition     = alltrue([for e in values(var.endpoints) : e.ip_address_type == null ? true : contains(["ipv4", "dualstack", "ipv6"], e.ip_address_type)])
    error_message = "ip_address_type, when set, must be one of ipv4, dualstack, ipv6; invalid for: ${join(", ", [for k, e in var.endpoints : "${k} (${e.ip_address_type})" if e.ip_address_type != null ? !contains(["ipv4", "dualstack", "ipv6"], e.ip_address_type) : false])}."
  }

  validation {
    condition     = alltrue([for e in values(var.endpoints) : e.policy == null ? true : can(jsondecode(e.policy))])
    error_message = "policy, when set, must be a valid JSON document (use jsonencode or data.aws_iam_policy_document); invalid for: ${join(", ", [for k, e in var.endpoints : k if e.policy != null ? !can(jsondecode(e.policy)) : false])}."
  }
}
