output "endpoint_ids" {
  description = "Map of endpoint name to VPC endpoint ID (vpce-...)."
  value       = { for k, e in aws_vpc_endpoint.this : k => e.id }
}

output "endpoint_arns" {
  description = "Map of endpoint name to VPC endpoint ARN."
  value       = { for k, e in aws_vpc_endpoint.this : k => e.arn }
}

output "dns_entries" {
  description = "Map of endpoint name to its DNS entries (list of { dns_name, hosted_zone_id }), for Interface endpoints only."
  value       = { for k, e in aws_vpc_endpoint.this : k => e.dns_entry if var.endpoints[k].endpoint_type == "Interface" }
}
